using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Ui;

/// <summary>
/// The gateway (embedded mode, test handlers) on a real Kestrel port, and Debian's Chromium driven headless by its
/// matching ChromeDriver (both installed by test.sh). Screenshots go to <see cref="ScreenshotDirectory"/> in the test output.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromeDriverDirectory = "/usr/bin";

    /// <summary><c>ORCHESTRATOR_TEST_SCREENSHOTS</c> (test.sh: <c>TestResults/screenshots</c>), else <c>screenshots</c> beside the test assembly.</summary>
    public static readonly string ScreenshotDirectory = Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_SCREENSHOTS") is { Length: > 0 } dir
        ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");

    private KestrelApi<ApiFactory> _api = null!;

    public string BaseUrl => _api.BaseUrl;
    public HttpClient Http => _api.Http;
    public ChromeDriver Browser { get; private set; } = null!;

    public Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(Path.Combine(ChromeDriverDirectory, "chromedriver")))
        {
            throw new InvalidOperationException($"The browser tests need Debian's chromium and chromium-driver ({ChromiumPath}); ./test.sh installs them.");
        }
        _api = new KestrelApi<ApiFactory>();

        var service = ChromeDriverService.CreateDefaultService(ChromeDriverDirectory, "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900");
        Browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Directory.CreateDirectory(ScreenshotDirectory);
        return Task.CompletedTask;
    }

    /// <summary>Opens a page of the UI (a hash route such as <c>#/jobs</c>).</summary>
    public void Open(string route) => Browser.Navigate().GoToUrl($"{BaseUrl}/ui/{route}");

    /// <summary>Waits until <paramref name="condition"/> returns a value (not null/false), polling the page.</summary>
    public T Wait<T>(Func<IWebDriver, T> condition, string step, TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(Browser, timeout ?? Eventually.DefaultTimeout) { PollingInterval = TimeSpan.FromMilliseconds(100), Message = step };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    public IWebElement WaitFor(string css, string step) => Wait(d => d.FindElement(By.CssSelector(css)) is { Displayed: true } e ? e : null, step)!;

    public void Screenshot(string name) => Browser.GetScreenshot().SaveAsFile(Path.Combine(ScreenshotDirectory, $"{name}.png"));

    public Task DisposeAsync()
    {
        Browser?.Quit();
        Browser?.Dispose();
        _api?.Dispose();
        return Task.CompletedTask;
    }
}
