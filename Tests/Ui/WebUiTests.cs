using System.Globalization;
using System.Net;
using System.Text.Json;
using OpenQA.Selenium;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Ui;

/// <summary>The web UI in a real browser: sign-in, live job list, job page, DLQ retry, workflow graph, errors.</summary>
public sealed class WebUiTests(BrowserFixture ui) : IClassFixture<BrowserFixture>
{
    private IWebDriver Browser => ui.Browser;

    private void SignIn()
    {
        ui.Open("#/login");
        ui.WaitFor("#api-key", "the sign-in form").SendKeys(TestAuth.ApiKey);
        ui.Screenshot("01-login");
        Browser.FindElement(By.CssSelector("#login-key button[type=submit]")).Click();
        ui.WaitFor("#jobs", "the jobs page after sign-in");
        ui.Wait(d => d.FindElement(By.Id("who")).Text.StartsWith("Signed in: API key", StringComparison.Ordinal), "the header saying who is signed in");
    }

    private IJavaScriptExecutor Script => (IJavaScriptExecutor)Browser;

    /// <summary>
    /// Marks the page shown now, runs <paramref name="navigate"/> and waits until another page has replaced it and its
    /// live stream is connected: a hash change re-renders in place, so the old page would otherwise still match.
    /// </summary>
    private void NavigateLive(Action navigate, string step)
    {
        Script.ExecuteScript("document.querySelector('main h1').dataset.stale = '1';");
        navigate();
        ui.WaitFor("main h1:not([data-stale])", step);
        ui.Wait(d => d.FindElement(By.Id("live")).Text == "live", $"{step}: the live stream connected");
    }

    /// <summary>A parameter of the query in the page's hash route.</summary>
    private string? HashQuery(string name) =>
        (string?)Script.ExecuteScript("return new URLSearchParams(location.hash.slice(location.hash.indexOf('?') + 1)).get(arguments[0]);", name);

    private string StatusOnRow(string tableBody, Guid id) =>
        Browser.FindElement(By.CssSelector($"#{tableBody} tr[data-id='{id}'] .status")).Text;

    private async Task<Guid> SubmitAsync(string json)
    {
        var response = await ui.Http.PostAsync("/v1/jobs", JsonBody(json));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJob()).Id;
    }

    private async Task<JsonElement> JobAsync(Guid id) => await (await ui.Http.GetAsync($"/v1/jobs/{id}")).ReadElement();

    [Fact]
    public async Task SignIn_SubmitAJobWithTheForm_AndWatchItTurnSucceeded_WithoutReloading()
    {
        SignIn();
        var gate = $"ui-{Guid.NewGuid():N}";

        // The form shows field errors: client-side for bad JSON, from the API's problem details for a bad type.
        ui.Open("#/submit");
        var type = ui.WaitFor("#s-type", "the submit form");
        type.SendKeys("not a valid type!");
        var payload = Browser.FindElement(By.Id("s-payload"));
        payload.Clear();
        payload.SendKeys("{ not json");
        Browser.FindElement(By.Id("submit-job")).Click();
        ui.Wait(d => d.FindElement(By.Id("s-payload-error")).Text.Contains("Not valid JSON", StringComparison.Ordinal), "the payload's JSON error");
        // Each error is the description of its field, and only fields with an error are marked invalid.
        Assert.Equal("true", payload.GetDomAttribute("aria-invalid"));
        Assert.Equal("s-payload-error", payload.GetDomAttribute("aria-describedby"));
        Assert.Equal("s-type-error", type.GetDomAttribute("aria-describedby"));
        Assert.Null(type.GetDomAttribute("aria-invalid"));
        payload.Clear();
        payload.SendKeys($$"""{"gate":"{{gate}}"}""");
        Browser.FindElement(By.Id("submit-job")).Click();
        ui.Wait(d => d.FindElement(By.Id("s-type-error")).Text.Length > 0, "the API's error for the type field");
        Assert.Contains("Invalid request", Browser.FindElement(By.Id("error")).Text);
        Assert.Equal("true", type.GetDomAttribute("aria-invalid"));
        Assert.Null(payload.GetDomAttribute("aria-invalid"));
        var tenant = await (await ui.Http.GetAsync("/v1/tenants/current")).ReadElement();
        Assert.Equal($"Signed in: API key · tenant {tenant.GetProperty("name").GetString()}", Browser.FindElement(By.Id("who")).Text);
        ui.Screenshot("02-submit-with-errors");

        type.Clear();
        type.SendKeys(TestHandlers.BlockHandler.Name);
        Browser.FindElement(By.Id("submit-job")).Click();
        ui.Wait(d => d.Url.Contains("#/jobs/", StringComparison.Ordinal), "the job page after submitting");
        var id = Guid.Parse(Browser.Url[(Browser.Url.LastIndexOf('/') + 1)..]);
        ui.Wait(d => d.FindElement(By.CssSelector("#job-summary .status")).Text == "Running", "the job running");
        ((IJavaScriptExecutor)Browser).ExecuteScript("window.__notReloaded = true;");

        TestHandlers.Release(gate);
        ui.Wait(d => d.FindElement(By.CssSelector("#job-summary .status")).Text == "Succeeded", "the job page turning Succeeded live");
        Assert.Equal(true, ((IJavaScriptExecutor)Browser).ExecuteScript("return window.__notReloaded === true;"));
        Assert.Contains("attempt 1 started", Browser.FindElement(By.Id("timeline")).Text);
        ui.Screenshot("03-job");

        // The list, too, follows a job live: it appears when submitted and turns Succeeded with no reload.
        ui.Open("#/jobs");
        ui.WaitFor("#jobs", "the jobs list");
        ((IJavaScriptExecutor)Browser).ExecuteScript("window.__notReloaded = true;");
        var listed = await SubmitAsync($$$"""{"type":"{{{TestHandlers.BlockHandler.Name}}}","payload":{"gate":"{{{gate}}}-list"}}""");
        ui.Wait(_ => StatusOnRow("jobs-body", listed) == "Running", "the new job's row, running");
        TestHandlers.Release($"{gate}-list");
        ui.Wait(_ => StatusOnRow("jobs-body", listed) == "Succeeded", "the row turning Succeeded");
        Assert.Equal(true, ((IJavaScriptExecutor)Browser).ExecuteScript("return window.__notReloaded === true;"));
        Assert.Equal("live", Browser.FindElement(By.Id("live")).Text);
        ui.Screenshot("04-jobs");
        Assert.Equal("Succeeded", (await JobAsync(id)).GetProperty("status").GetString());
    }

    /// <summary>An instant as a datetime-local input shows it in the browser's (this machine's) time zone.</summary>
    private static string LocalInput(string iso, bool seconds) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture), TimeZoneInfo.Local)
            .ToString(seconds ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task JobList_Filters_KeepTheirTimeRange_AndFollowOnlyMatchingJobsLive()
    {
        SignIn();
        var queue = $"ui-{Guid.NewGuid():N}"[..16];

        // The time range of the route comes back into its inputs, so submitting the filters again keeps it.
        const string from = "2020-01-02T03:04:00.000Z", to = "2030-05-06T07:08:30.000Z";
        NavigateLive(() => ui.Open($"#/jobs?from={from}&to={to}&queue={queue}"), "the jobs page with a time range"); // the form writes another order: a new route
        Assert.Equal(LocalInput(from, seconds: false), Browser.FindElement(By.Id("f-from")).GetDomProperty("value"));
        Assert.Equal(LocalInput(to, seconds: true), Browser.FindElement(By.Id("f-to")).GetDomProperty("value"));
        Assert.Equal(queue, Browser.FindElement(By.Id("f-queue")).GetDomProperty("value"));
        NavigateLive(() => Browser.FindElement(By.CssSelector("#job-filters button[type=submit]")).Click(), "the filters submitted again");
        Assert.Equal((queue, from, to), (HashQuery("queue"), HashQuery("from"), HashQuery("to")));

        // Running jobs of the queue: a job of the queue appears live when it runs and leaves when it succeeds; a job of
        // another queue never shows.
        Browser.FindElement(By.Id("f-from")).Clear();
        Browser.FindElement(By.Id("f-to")).Clear();
        Browser.FindElement(By.CssSelector("#f-status option[value='Running']")).Click();
        NavigateLive(() => Browser.FindElement(By.CssSelector("#job-filters button[type=submit]")).Click(), "the list of the queue's running jobs");
        Assert.Equal((queue, "Running", null, null), (HashQuery("queue"), HashQuery("status"), HashQuery("from"), HashQuery("to")));
        Script.ExecuteScript("window.__notReloaded = true;");

        var gate = $"ui-{Guid.NewGuid():N}";
        var other = await SubmitAsync($$$"""{"type":"{{{TestHandlers.BlockHandler.Name}}}","queue":"{{{queue}}}-other","payload":{"gate":"{{{gate}}}-other"}}""");
        // Running before the queue's job is even submitted, so its events are out before the row that must show.
        await Eventually.Until(() => JobAsync(other), j => j.GetProperty("status").GetString() == "Running", $"job {other} of the other queue running");
        var mine = await SubmitAsync($$$"""{"type":"{{{TestHandlers.BlockHandler.Name}}}","queue":"{{{queue}}}","payload":{"gate":"{{{gate}}}"}}""");
        ui.Wait(_ => StatusOnRow("jobs-body", mine) == "Running", $"job {mine} of the queue appearing live, running");
        Assert.Single(Browser.FindElements(By.CssSelector("#jobs-body tr")));
        Assert.Empty(Browser.FindElements(By.CssSelector($"#jobs-body tr[data-id='{other}']")));
        ui.Screenshot("12-jobs-filtered");

        TestHandlers.Release(gate);
        ui.Wait(d => d.FindElements(By.CssSelector($"#jobs-body tr[data-id='{mine}']")).Count == 0, $"job {mine} leaving the Running list when it succeeds");
        Assert.Equal("Succeeded", (await JobAsync(mine)).GetProperty("status").GetString());
        Assert.Equal(true, Script.ExecuteScript("return window.__notReloaded === true;"));
        TestHandlers.Release($"{gate}-other");
        await Eventually.Until(() => JobAsync(other), j => j.GetProperty("status").GetString() == "Succeeded", $"job {other} of the other queue done");
        Assert.Empty(Browser.FindElements(By.CssSelector("#jobs-body tr")));
    }

    [Fact]
    public async Task JobPage_OfARunningJob_FollowsItsProgressAndLogs_WithoutReloading()
    {
        SignIn();
        var gate = $"ui-{Guid.NewGuid():N}";
        var id = await SubmitAsync($$$"""{"type":"{{{TestHandlers.LogHandler.Name}}}","payload":{"lines":1,"progress":30,"gate":"{{{gate}}}","hold":"{{{gate}}}-hold"}}""");
        ui.Open($"#/jobs/{id}");
        string Percent() => Browser.FindElement(By.CssSelector("#logs .pct")).Text.Trim();
        ui.Wait(d => d.FindElement(By.CssSelector("#job-summary .status")).Text == "Running" && Percent() == "30 %", $"job {id} running at 30 %");
        Script.ExecuteScript("window.__notReloaded = true;");

        // The handler logs "done" and reports 100 but keeps running: no status change, so no event; the page polls.
        TestHandlers.Release(gate);
        ui.Wait(_ => Percent() == "100 %", $"job {id}'s progress moving to 100 % on the page");
        Assert.Contains("done", Browser.FindElement(By.CssSelector("#logs pre")).Text);
        Assert.Equal("100", Browser.FindElement(By.CssSelector("#logs progress")).GetDomProperty("value"));
        Assert.Equal("Running", (await JobAsync(id)).GetProperty("status").GetString());
        Assert.Equal("Running", Browser.FindElement(By.CssSelector("#job-summary .status")).Text);
        Assert.Equal(true, Script.ExecuteScript("return window.__notReloaded === true;"));
        Script.ExecuteScript("document.getElementById('logs').scrollIntoView();");
        ui.Screenshot("13-job-progress");

        TestHandlers.Release($"{gate}-hold");
        ui.Wait(d => d.FindElement(By.CssSelector("#job-summary .status")).Text == "Succeeded", $"job {id} turning Succeeded live");
    }

    /// <summary>Every dead-lettered job of the default tenant with its attempt number, read page by page.</summary>
    private async Task<Dictionary<Guid, int>> DeadLetteredAsync()
    {
        var ids = new Dictionary<Guid, int>();
        string? cursor = null;
        do
        {
            var page = await (await ui.Http.GetAsync($"/v1/dlq?limit=500{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}")).ReadElement();
            foreach (var j in page.GetProperty("items").EnumerateArray()) ids[j.GetProperty("id").GetGuid()] = j.GetProperty("attempt").GetInt32();
            cursor = page.GetProperty("nextCursor") is { ValueKind: JsonValueKind.String } next ? next.GetString() : null;
        }
        while (cursor is not null);
        return ids;
    }

    [Fact]
    public async Task RetryADeadLetteredJob_FromTheDlqPage_AndRetryAll_WithConfirmation()
    {
        SignIn();
        var one = await SubmitAsync($$"""{"type":"{{TestHandlers.FailHandler.Name}}","maxAttempts":1}""");
        var two = await SubmitAsync($$"""{"type":"{{TestHandlers.FailHandler.Name}}","maxAttempts":1}""");
        foreach (var id in new[] { one, two })
        {
            await Eventually.Until(() => JobAsync(id), j => j.GetProperty("status").GetString() == "DeadLettered", $"job {id} dead-lettered");
        }

        // A row's Retry asks first, like the job page's: cancelling retries nothing.
        ui.Open("#/dlq");
        ui.WaitFor($"#dlq-body tr[data-id='{one}']", "the dead-lettered job listed");
        ui.Screenshot("05-dlq");
        Browser.FindElement(By.CssSelector($"#dlq-body tr[data-id='{one}'] button.retry")).Click();
        Assert.Contains(one.ToString(), ui.WaitFor("#confirm[open] #confirm-text", "the row's confirmation").Text);
        Browser.FindElement(By.Id("confirm-cancel")).Click();
        ui.Wait(d => d.FindElement(By.Id("confirm")).GetDomAttribute("open") is null, "the dialog closed");
        Assert.Equal(1, (await JobAsync(one)).GetProperty("attempts").GetArrayLength());
        Assert.EndsWith("#/dlq", Browser.Url);
        Browser.FindElement(By.CssSelector($"#dlq-body tr[data-id='{one}'] button.retry")).Click();
        ui.WaitFor("#confirm[open] #confirm-ok", "the row's confirmation").Click();
        ui.Wait(d => d.Url.EndsWith($"#/jobs/{one}", StringComparison.Ordinal), "the retried job's page");
        await Eventually.Until(() => JobAsync(one), j => j.GetProperty("attempts").GetArrayLength() == 2, "a second attempt of the retried job");
        await Eventually.Until(() => JobAsync(one), j => j.GetProperty("status").GetString() == "DeadLettered", "the retried job dead-lettered again");

        // 500 newer dead letters push the first two past the first page of 500 (newest first): "retry all" must page.
        var batch = string.Join(',', Enumerable.Repeat($$"""{"type":"{{TestHandlers.FailHandler.Name}}","maxAttempts":1}""", 500));
        var submitted = await ui.Http.PostAsync("/v1/jobs/batch", JsonBody($$"""{"jobs":[{{batch}}]}"""));
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var newer = (await submitted.ReadElement()).GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()).ToArray();
        var dead = await Eventually.Until(DeadLetteredAsync, d => newer.All(d.ContainsKey), "500 more jobs dead-lettered", TimeSpan.FromSeconds(60),
            d => $"{d.Count} dead-lettered");

        // Retry all asks first, naming every dead letter; cancelling the dialog retries nothing, confirming retries them all.
        Script.ExecuteScript("document.querySelector('main h1').dataset.stale = '1';");
        ui.Open("#/dlq");
        ui.WaitFor("main h1:not([data-stale]) ~ table #dlq-body tr[data-id]", "the DLQ again");
        Browser.FindElement(By.Id("retry-all")).Click();
        Assert.Equal($"Retry all {dead.Count} dead-lettered jobs with a fresh attempt budget?", ui.WaitFor("#confirm[open] #confirm-text", "the confirmation dialog").Text);
        Browser.FindElement(By.Id("confirm-cancel")).Click();
        Assert.Equal(1, (await JobAsync(two)).GetProperty("attempts").GetArrayLength());
        ui.Wait(d => d.FindElement(By.Id("retry-all")).Enabled, "retry all usable again after cancelling");
        Browser.FindElement(By.Id("retry-all")).Click();
        ui.WaitFor("#confirm[open] #confirm-ok", "the confirmation dialog");
        ui.Screenshot("06-dlq-confirm");
        Script.ExecuteScript("document.querySelector('main h1').dataset.stale = '1';");
        Browser.FindElement(By.Id("confirm-ok")).Click();
        // Each job gets one more attempt: the first its third, the second (both on the second page) and the newest their second.
        foreach (var (id, attempts) in new[] { (one, 3), (two, 2), (newer[0], 2), (newer[^1], 2) })
        {
            await Eventually.Until(() => JobAsync(id), j => j.GetProperty("attempts").GetArrayLength() == attempts && j.GetProperty("status").GetString() == "DeadLettered",
                $"job {id} retried by 'retry all' (attempt {attempts} dead-lettered)", TimeSpan.FromSeconds(60));
        }
        await Eventually.Until(async () => { var d = await DeadLetteredAsync(); return newer.Count(id => d.GetValueOrDefault(id) == 2); },
            n => n == newer.Length, "every one of the 500 retried once and dead-lettered again", TimeSpan.FromSeconds(60), n => $"{n} of {newer.Length}");
        ui.Wait(d => d.FindElements(By.CssSelector("main h1:not([data-stale])")).Count == 1, "the DLQ page drawn again once every retry is sent", TimeSpan.FromSeconds(60));
        Assert.NotNull(Browser.FindElement(By.Id("error")).GetDomAttribute("hidden")); // no retry failed
    }

    [Fact]
    public async Task AWorkflowPage_DrawsTheGraph_WithEachStepsState_AndReRunsFromFailure()
    {
        SignIn();
        var response = await ui.Http.PostAsync("/v1/workflows", JsonBody($$$$"""
            {"name":"ui-graph","steps":[
              {"name":"extract","job":{"type":"{{{{TestHandlers.EchoHandler.Name}}}}","payload":{}}},
              {"name":"transform","dependsOn":["extract"],"job":{"type":"{{{{TestHandlers.FailHandler.Name}}}}","maxAttempts":1}},
              {"name":"report","dependsOn":["extract"],"job":{"type":"{{{{TestHandlers.EchoHandler.Name}}}}","payload":{}}},
              {"name":"load","dependsOn":["transform","report"],"job":{"type":"{{{{TestHandlers.EchoHandler.Name}}}}","payload":{}}}
            ]}
            """));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadElement()).GetProperty("id").GetGuid();
        await Eventually.Until(async () => await (await ui.Http.GetAsync($"/v1/workflows/{id}")).ReadElement(),
            w => w.GetProperty("status").GetString() == "Failed", "the workflow failing");

        ui.Open("#/workflows");
        ui.WaitFor($"#workflows-body tr[data-id='{id}']", "the workflow listed");
        ui.Screenshot("07-workflows");
        ui.Open($"#/workflows/{id}");
        ui.WaitFor("#dag", "the graph");
        string StepState(string step) => Browser.FindElement(By.CssSelector($"#dag g.node[data-step='{step}']")).GetAttribute("data-status")!;
        Assert.Equal(4, Browser.FindElements(By.CssSelector("#dag g.node")).Count);
        Assert.Equal(4, Browser.FindElements(By.CssSelector("#dag path.edge")).Count);
        Assert.Equal("Succeeded", StepState("extract"));
        Assert.Equal("Failed", StepState("transform"));
        Assert.Equal("Skipped", StepState("load"));
        ui.Screenshot("08-workflow");

        Browser.FindElement(By.Id("rerun")).Click();
        ui.WaitFor("#confirm[open] #confirm-ok", "the re-run confirmation").Click();
        await Eventually.Until(async () => await (await ui.Http.GetAsync($"/v1/workflows/{id}")).ReadElement(),
            w => w.GetProperty("run").GetInt32() == 2 && w.GetProperty("status").GetString() == "Failed", "the re-run failing again");
        ui.Wait(_ => Browser.FindElement(By.CssSelector(".actions")).Text.Contains("run 2", StringComparison.Ordinal), "the page showing run 2");
    }

    [Fact]
    public void AFailingApiCall_ShowsAReadableError_NotABlankPage()
    {
        SignIn();
        var missing = Guid.CreateVersion7();
        ui.Open($"#/jobs/{missing}");
        var error = ui.WaitFor("#error", "the error banner");
        Assert.Contains("404", error.Text);
        Assert.Equal("alert", error.GetAttribute("role"));
        Assert.Contains("could not be loaded", Browser.FindElement(By.Id("main")).Text);
        ui.Screenshot("09-error");
    }

    [Fact]
    public async Task SchedulesAndUsagePages_Work_AndEveryFieldHasALabel()
    {
        SignIn();
        ui.Open("#/schedules");
        ui.WaitFor("#schedule-form", "the schedules page");
        Browser.FindElement(By.Id("c-cron")).SendKeys("0 3 * * *");
        Browser.FindElement(By.Id("c-type")).SendKeys("noop");
        Browser.FindElement(By.CssSelector("#schedule-form button[type=submit]")).Click();
        var row = ui.WaitFor("#schedules-body tr[data-id]", "the new schedule");
        var scheduleId = row.GetAttribute("data-id");
        row.FindElement(By.CssSelector("button.sch-next")).Click();
        var fires = ui.WaitFor("#schedules-body tr.next-fires", "the next fires").Text;
        Assert.Equal(5, fires.Split('·').Length);
        row.FindElement(By.CssSelector("button.sch-pause")).Click();
        ui.Wait(d => d.FindElement(By.CssSelector($"#schedules-body tr[data-id='{scheduleId}'] .status")).Text == "Paused", "the schedule paused");
        var schedule = await (await ui.Http.GetAsync($"/v1/schedules/{scheduleId}")).ReadElement();
        Assert.Equal("Paused", schedule.GetProperty("status").GetString());
        ui.Screenshot("10-schedules");

        ui.Open("#/usage");
        ui.WaitFor("#quota", "the usage page");
        Assert.Contains("enterprise", Browser.FindElement(By.Id("main")).Text);
        ui.Screenshot("11-usage");

        foreach (var route in new[] { "#/jobs", "#/submit", "#/schedules", "#/login" })
        {
            ui.Open(route);
            ui.WaitFor("main h1", $"page {route}");
            var unlabelled = ((IJavaScriptExecutor)Browser).ExecuteScript(
                "return [...document.querySelectorAll('main input, main select, main textarea')].filter(e => e.labels.length === 0).map(e => e.id || e.name).join(',');");
            Assert.Equal("", unlabelled);
        }
    }
}
