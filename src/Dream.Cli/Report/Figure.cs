using ScottPlot;

namespace Dream.Cli.Report;

/// <summary>One figure of the report, rendered: <see cref="Name"/> is its file name without extension.</summary>
public sealed record Figure(string Name, string Title, string Caption, byte[] Png, string Svg)
{
    public const int Width = 900;
    public const int Height = 520;

    /// <summary>Renders <paramref name="plot"/> both ways at the same size, so that the PNG and the SVG show the same.</summary>
    public static Figure Of(string name, string title, string caption, Plot plot, int width = Width, int height = Height) =>
        new(name, title, caption, plot.GetImageBytes(width, height, ImageFormat.Png), plot.GetSvgXml(width, height));
}

/// <summary>
/// The Okabe–Ito palette (Okabe and Ito, 2008), distinguishable with the common colour-vision deficiencies; each
/// series also differs by marker or line pattern, so that a grey print keeps them apart.
/// </summary>
public static class Palette
{
    public static readonly Color Black = Color.FromHex("#000000");
    public static readonly Color Orange = Color.FromHex("#E69F00");
    public static readonly Color SkyBlue = Color.FromHex("#56B4E9");
    public static readonly Color BluishGreen = Color.FromHex("#009E73");
    public static readonly Color Yellow = Color.FromHex("#F0E442");
    public static readonly Color Blue = Color.FromHex("#0072B2");
    public static readonly Color Vermillion = Color.FromHex("#D55E00");
    public static readonly Color ReddishPurple = Color.FromHex("#CC79A7");
    public static readonly Color Grey = Color.FromHex("#767676");

    /// <summary>A new plot with what every figure shares: print-sized fonts, a white background, a legend frame.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plt = new Plot();
        plt.Font.Set("DejaVu Sans");
        plt.FigureBackground.Color = Colors.White;
        plt.DataBackground.Color = Colors.White;
        plt.Title(title);
        plt.Axes.Title.Label.FontSize = 18;
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        plt.Axes.Bottom.Label.FontSize = 15;
        plt.Axes.Left.Label.FontSize = 15;
        plt.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plt.Axes.Left.TickLabelStyle.FontSize = 13;
        plt.Grid.MajorLineColor = Color.FromHex("#000000").WithAlpha(0.12);
        plt.Legend.FontSize = 13;
        return plt;
    }
}
