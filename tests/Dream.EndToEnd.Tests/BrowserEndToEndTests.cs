using System.Runtime.CompilerServices;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace Dream.EndToEnd.Tests;

/// <summary>
/// The dashboard and the HTML report in a real browser: headless Chromium (Debian's <c>chromium</c> and
/// <c>chromium-driver</c>) driven by Selenium WebDriver. A short sim campaign runs in its own process with a
/// management port; the browser finds it in the run list, opens it and sees its progress and best score change
/// through the Server-Sent Events, without a reload; then it opens <c>report.html</c> of the finished run and every
/// figure must be drawn, with no error on the console. Screenshots go to <c>target/browser/</c> of the checkout.
/// Skipped, saying why, where Chromium or its driver is missing.
/// </summary>
public sealed class BrowserEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    private static string? Tool(string env, params string[] names)
    {
        if (Environment.GetEnvironmentVariable(env) is { Length: > 0 } given) return File.Exists(given) ? given : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in names)
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>target/browser/ of the checkout this file is in (gitignored), for a person to look at.</summary>
    private static string Screenshots([CallerFilePath] string source = "")
    {
        var dir = Path.GetDirectoryName(source);
        while (dir is not null && !File.Exists(Path.Combine(dir, "Dream.sln"))) dir = Path.GetDirectoryName(dir);
        var target = Path.Combine(dir ?? Path.GetTempPath(), "target", "browser");
        Directory.CreateDirectory(target);
        return target;
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static ChromeDriver Browser(string chromium, string driver)
    {
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static void Shot(IWebDriver browser, string name) =>
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(Path.Combine(Screenshots(), name));

    /// <summary>What the console said at level SEVERE (errors, uncaught exceptions, failed loads).</summary>
    private static List<string> ConsoleErrors(IWebDriver browser) =>
        browser.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == LogLevel.Severe).Select(e => e.Message).ToList();

    private static T Until<T>(TimeSpan within, Func<T?> probe, Func<string> what) where T : class
    {
        var end = DateTime.UtcNow + within;
        while (DateTime.UtcNow < end)
        {
            try
            {
                if (probe() is { } v) return v;
            }
            catch (WebDriverException) { } // the page is being redrawn
            Thread.Sleep(200);
        }
        throw new Xunit.Sdk.XunitException("timed out waiting for " + what());
    }

    [SkippableFact]
    public void TheDashboardFollowsARunningCampaignAndTheReportDrawsEveryFigure()
    {
        var chromium = Tool("DREAM_E2E_CHROMIUM", "chromium", "chromium-browser");
        var driver = Tool("DREAM_E2E_CHROMEDRIVER", "chromedriver");
        Skip.If(chromium is null || driver is null,
            "headless Chromium is needed (Debian: apt-get install chromium chromium-driver, or DREAM_E2E_CHROMIUM and "
            + $"DREAM_E2E_CHROMEDRIVER); found chromium: {chromium ?? "no"}, chromedriver: {driver ?? "no"}");

        var data = Path.Combine(_work.Path, "data");
        var port = FreePort();
        // The browser first: a cold Chromium can take longer to start than the whole campaign takes to run.
        using var browser = Browser(chromium!, driver!);
        // 20 ms sim trials: 40 generations of 6 take a quarter of a minute or more, long enough to watch the best improve.
        var run = DreamProcess.Start(_work.Path, E2e.NoEnv, "run", "--domain", "sim", "--config-dir", E2e.Config, "--data", data,
            "--seed", "42", "--population", "6", "--generations", "40", "--trials", "2", "--management-port", port.ToString());
        try
        {
            var ui = $"http://127.0.0.1:{port}/dream/ui/";
            // The list is not live: it is asked again until the node answers and the run is in it.
            var link = Until(TimeSpan.FromSeconds(90), () =>
            {
                if (run.Process.HasExited) throw new Xunit.Sdk.XunitException("the run ended before it was listed:\n" + run.Output());
                try { browser.Navigate().GoToUrl(ui); }
                catch (WebDriverException) { return null; }
                Thread.Sleep(300);
                return browser.FindElements(By.CssSelector("#runs a[href^='#/run/']")).FirstOrDefault();
            }, () => "the run in the dashboard's list:\n" + run.Output());
            var runId = link.Text;
            output.WriteLine("listed: " + runId);
            Shot(browser, "dashboard-runs.png");
            link.Click();

            // No reload from here on: what changes comes from the Server-Sent Events.
            var marker = (string)((IJavaScriptExecutor)browser).ExecuteScript("return window.dreamMarker = 'same page ' + Math.random();");
            var bests = new List<string>();
            var progress = new List<string>();
            Until(TimeSpan.FromSeconds(120), () =>
            {
                var best = browser.FindElements(By.CssSelector("#run-body td.best")).FirstOrDefault()?.Text;
                var generation = browser.FindElements(By.CssSelector("#run-body .bar")).FirstOrDefault()?.FindElement(By.XPath("..")).Text;
                if (best is not null && (bests.Count == 0 || bests[^1] != best)) bests.Add(best);
                if (generation is not null && (progress.Count == 0 || progress[^1] != generation)) progress.Add(generation);
                if (bests.Count == 1) Shot(browser, "dashboard-run.png");
                // two scores, not "n/a" and the first: the best must be seen to improve, not only to appear
                return bests.Count(b => b.StartsWith('+') || b.StartsWith('-')) >= 2 && progress.Count >= 2 ? "" : null;
            }, () => $"the run's best score and progress to change (best: {string.Join(" → ", bests)}; generation: "
                + $"{string.Join(" → ", progress)}):\n" + run.Output());
            output.WriteLine("best: " + string.Join(" → ", bests) + "; generation: " + string.Join(" → ", progress));
            Assert.Equal(marker, ((IJavaScriptExecutor)browser).ExecuteScript("return window.dreamMarker;"));
            Assert.Contains(browser.FindElements(By.CssSelector("#run-body svg")), s => s.GetAttribute("aria-label")?.StartsWith("score per generation") == true);
            Assert.Empty(ConsoleErrors(browser));
            Shot(browser, "dashboard-run-live.png");
            // Away from the dashboard before its node ends with the run (its polls would then fail, rightly); the
            // console's log is read (and so emptied) here, so what the report page logs is all that is left.
            browser.Navigate().GoToUrl("about:blank");
            ConsoleErrors(browser);

            Assert.True(run.Process.WaitForExit(TimeSpan.FromSeconds(180)), "the run did not finish:\n" + run.Output());
            Assert.True(run.Process.ExitCode == 0, run.Output());

            var outDir = Path.Combine(_work.Path, "report");
            var report = DreamProcess.Run(_work.Path, E2e.NoEnv, 120, "report", runId, "--html", "--data", data, "--out", outDir);
            Assert.True(report.Exit == 0, report.Output);
            browser.Navigate().GoToUrl(new Uri(Path.Combine(outDir, "report.html")).AbsoluteUri);
            var images = browser.FindElements(By.TagName("img"));
            Assert.True(images.Count >= 5, $"the report has {images.Count} figures, expected score, forest, knobs, importance and timeline");
            var broken = (long)((IJavaScriptExecutor)browser).ExecuteScript(
                "return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length;");
            Assert.Equal(0L, broken);
            Assert.Empty(ConsoleErrors(browser));
            ((IJavaScriptExecutor)browser).ExecuteScript("window.scrollTo(0, 0);");
            Shot(browser, "report.png");
            output.WriteLine($"report.html: {images.Count} figures drawn; screenshots in {Screenshots()}");
        }
        finally
        {
            if (!run.Process.HasExited) run.Kill();
            browser.Quit();
        }
    }
}
