using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Dream.Core.Config;

/// <summary>
/// Reads one YAML file into a node tree (nodes keep their line and column), with its sha256. Syntax errors,
/// unreadable files and duplicate keys become problems; the tree is absent when the file cannot be parsed.
/// </summary>
internal sealed partial record YamlSource(Source Source, YamlNode? Root, string? Sha256)
{
    public static YamlSource Read(string path, string display, Problems problems)
    {
        var src = new Source(display, problems);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            src.ProblemAtTop("cannot read the file: " + e.Message, "check that it exists and is readable");
            return new YamlSource(src, null, null);
        }
        var sha = Sha256Hex(bytes);
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            src.ProblemAtTop("the file is not UTF-8 text", "save it as UTF-8");
            return new YamlSource(src, null, sha);
        }
        if (text.StartsWith('\uFEFF')) text = text[1..];
        return new YamlSource(src, Compose(src, text), sha);
    }

    private static YamlNode? Compose(Source src, string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new SingleDocumentParser(new Parser(new StringReader(text)), src));
            // A document with nothing in it ("---" alone) is as empty as no document at all.
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: "" } root && Scalars.IsNull(root))
            {
                src.ProblemAtTop("the file is empty", "see config/ for a complete example");
                return null;
            }
            return stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            var what = Describe(e, text, out var line, out var column);
            src.ProblemAt(line, column, "YAML syntax error: " + what, SyntaxFix(what));
        }
        return null;
    }

    /// <summary>
    /// YamlDotNet's message, phrased as the Java tree's SnakeYAML phrased it ("while parsing X: expected Y, but
    /// got Z"), and where to report it.
    /// </summary>
    private static string Describe(YamlException e, string text, out int line, out int column)
    {
        line = (int)Math.Max(1, e.Start.Line);
        column = (int)Math.Max(1, e.Start.Column);
        var raw = Spaces().Replace(e.Message.Trim(), " ").TrimEnd('.');
        if (raw.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstIndentingTab(text, line) is var (l, c))
        {
            line = l;
            column = c;
            return "found character '\\t(TAB)' that cannot start any token; do not use \\t(TAB) for indentation";
        }
        if (raw.Contains("found invalid mapping", StringComparison.OrdinalIgnoreCase)
            || raw.Contains("mapping values are not allowed", StringComparison.OrdinalIgnoreCase))
        {
            return "mapping values are not allowed here";
        }
        var m = DidNotFind().Match(raw);
        if (m.Success)
        {
            return Lower(m.Groups[1].Value) + ": expected " + m.Groups[2].Value + ", but got " + FoundAt(text, e.Start);
        }
        m = WhileFound().Match(raw);
        if (m.Success) return Lower(m.Groups[1].Value) + ": " + m.Groups[2].Value;
        return Lower(raw);
    }

    /// <summary>What the parser met where it gave up: the end of the file, or the text there.</summary>
    private static string FoundAt(string text, Mark at)
    {
        var index = (int)Math.Clamp(at.Index, 0, text.Length);
        var rest = text[index..];
        if (rest.Trim().Length == 0) return "<stream end>";
        var snippet = rest.TrimStart().Split('\n')[0].TrimEnd();
        return "'" + (snippet.Length > 20 ? snippet[..20] + "..." : snippet) + "'";
    }

    /// <summary>The first tab in the indentation of a line, from <paramref name="fromLine"/> on (1-based), or null.</summary>
    private static (int Line, int Column)? FirstIndentingTab(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = pass == 0 ? fromLine - 1 : 0; i < lines.Length; i++)
            {
                var l = lines[i];
                for (var j = 0; j < l.Length && (l[j] == ' ' || l[j] == '\t'); j++)
                {
                    if (l[j] == '\t') return (i + 1, j + 1);
                }
            }
        }
        return null;
    }

    private static string Lower(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    private static string SyntaxFix(string problem)
    {
        if (problem.Contains("\\t") || problem.Contains('\t') || problem.Contains("TAB")) return "indent with spaces; YAML does not allow tabs";
        if (problem.Contains("mapping values are not allowed")) return "a value containing ': ' must be quoted, or the indentation of this line is wrong";
        if (problem.Contains("undefined alias")) return "define the anchor (&name) before the alias that uses it (*name)";
        if (problem.Contains("expected a single document")) return "keep one document per file (remove the '---' separator)";
        return "check the indentation, quotes and brackets here and on the line before";
    }

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(While .+?), did not find expected (.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex DidNotFind();

    [GeneratedRegex(@"^(While .+?), (found .+)$", RegexOptions.IgnoreCase)]
    private static partial Regex WhileFound();

    /// <summary>
    /// The parser's events with two checks the representation model lacks: a second document is an error (one
    /// document per file), and a repeated key is reported at the repeat (YamlDotNet would stop at the first one,
    /// at the mapping) and left out, so the first one wins and reading goes on.
    /// </summary>
    private sealed class SingleDocumentParser(IParser inner, Source src) : IParser
    {
        private sealed class Frame(bool mapping)
        {
            public bool Mapping { get; } = mapping;
            public bool ExpectingKey { get; set; } = true;
            public Dictionary<string, long> FirstLine { get; } = new(StringComparer.Ordinal);
        }

        private readonly Stack<Frame> _frames = new();
        private readonly HashSet<string> _anchors = new(StringComparer.Ordinal);
        private int _documents;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            while (inner.MoveNext())
            {
                var e = inner.Current!;
                var top = _frames.Count > 0 ? _frames.Peek() : null;
                if (top is { Mapping: true, ExpectingKey: true } && e is Scalar key && top.FirstLine.TryGetValue(key.Value, out var first))
                {
                    src.ProblemAt((int)key.Start.Line, (int)key.Start.Column, "duplicate key '" + key.Value + "' (first at line " + first + ")",
                        "remove one of them; YAML would silently keep only the last");
                    SkipNode();
                    continue;
                }
                if (e is NodeEvent { Anchor.IsEmpty: false } n && e is not AnchorAlias) _anchors.Add(n.Anchor.Value);
                Track(e, top);
                return true;
            }
            return false;
        }

        private void Track(ParsingEvent e, Frame? top)
        {
            switch (e)
            {
                case DocumentStart when ++_documents > 1:
                    throw new YamlException(e.Start, e.End, "expected a single document in the stream, but found another document");
                case Scalar s:
                    if (top is { Mapping: true, ExpectingKey: true }) top.FirstLine[s.Value] = s.Start.Line;
                    Completed(top);
                    break;
                case AnchorAlias alias when !_anchors.Contains(alias.Value.Value):
                    // YamlDotNet's own error has no position; this one points at the alias.
                    throw new YamlException(e.Start, e.End, "found undefined alias '" + alias.Value.Value + "'");
                case AnchorAlias:
                    Completed(top);
                    break;
                case MappingStart:
                    _frames.Push(new Frame(true));
                    break;
                case SequenceStart:
                    _frames.Push(new Frame(false));
                    break;
                case MappingEnd or SequenceEnd:
                    _frames.Pop();
                    Completed(_frames.Count > 0 ? _frames.Peek() : null);
                    break;
            }
        }

        /// <summary>A node of <paramref name="parent"/> is complete: in a mapping, a key is followed by its value and a value by a key.</summary>
        private static void Completed(Frame? parent)
        {
            if (parent is { Mapping: true }) parent.ExpectingKey = !parent.ExpectingKey;
        }

        /// <summary>Skips the value that follows a repeated key (the key itself is the current event).</summary>
        private void SkipNode()
        {
            var depth = 0;
            while (inner.MoveNext())
            {
                switch (inner.Current)
                {
                    case MappingStart or SequenceStart:
                        depth++;
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
                if (depth == 0) return;
            }
        }
    }
}
