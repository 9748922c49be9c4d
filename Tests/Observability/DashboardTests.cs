using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// The Orleans dashboard at /dashboard on an embedded gateway: who may open it (page, assets, data, log stream), that
/// it shows the live cluster, and the browser's way in — the platform admin's sign-in form and its session cookie.
/// </summary>
public sealed class DashboardTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>The page, an asset, the JSON endpoints the UI polls, the log stream, and the redirect to the page.</summary>
    public static TheoryData<string> DashboardPaths =>
    [
        "/dashboard", "/dashboard/", "/dashboard/index.min.js", "/dashboard/version", "/dashboard/DashboardCounters",
        "/dashboard/ClusterStats", "/dashboard/Reminders", "/dashboard/Trace", "/dashboard/GrainState?grainId=1&grainType=x",
    ];

    [Theory]
    [MemberData(nameof(DashboardPaths))]
    public async Task Dashboard_WithoutCredentials_Is401ProblemDetails(string path)
    {
        using var response = await factory.CreateAnonymousClient().GetAsync(path, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(DashboardSession.LoginPath, (await response.ReadElement()).GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(DashboardPaths))]
    public async Task Dashboard_WithATenantKey_Is403(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_ToThePlatformAdmin_ServesThePageAndShowsTheLiveCluster()
    {
        using var admin = NoRedirects().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));

        var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/dashboard/index.min.js")).StatusCode);
        var bare = await admin.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode); // relative asset paths need the trailing slash
        Assert.Equal("/dashboard/", bare.Headers.Location?.OriginalString);

        // Polling the counters switches the silo's grain-call profiler on; a job then shows up as an activation (a
        // delayed one stays active, waiting for its timer) and as calls.
        await Counters(admin);
        var job = await (await factory.CreateClient().PostAsync("/v1/jobs", JsonBody("""{"type":"noop","queue":"dashboard-q","delay":"PT60S"}"""))).ReadJob();
        var counters = await Eventually.Until(() => Counters(admin),
            c => c.GetProperty("hosts").EnumerateArray().Any(h => h.GetProperty("status").GetString() == "Active")
                 && JobGrainStats(c) is { } jobs && jobs.GetProperty("activationCount").GetInt32() >= 1 && jobs.GetProperty("totalCalls").GetInt64() >= 1,
            $"the counters show an active silo, and the activation of job {job.Id} and the calls to it", describe: c => c.ToString());
        Assert.Equal(1, counters.GetProperty("totalActiveHostCount").GetInt32());
        await Eventually.Until(async () => await (await admin.GetAsync("/dashboard/ClusterStats")).ReadElement(),
            stats => stats.EnumerateObject().Any(period => period.Value.GetProperty("count").GetInt64() > 0), "the cluster's calls per second count calls");

        using var log = await admin.GetAsync("/dashboard/Trace", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
    }

    [Fact]
    public async Task DashboardGrainStateViewer_IsOff_EvenForThePlatformAdmin()
    {
        using var admin = factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));

        var response = await admin.GetAsync("/dashboard/GrainState?grainId=default&grainType=Orchestrator.Grains.Tenants.TenantGrain");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DashboardLogin_SetsAStrictHttpOnlyCookie_ThatOpensTheDashboardOnly()
    {
        using var browser = NoRedirects();
        var form = await browser.GetAsync(DashboardSession.LoginPath);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("<form method=\"post\"", await form.Content.ReadAsStringAsync());

        var wrong = await browser.PostAsync(DashboardSession.LoginPath, LoginForm(TestAuth.AdminEmail, "not-the-password"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"), "a failed sign-in sets no cookie");

        var signedIn = await browser.PostAsync(DashboardSession.LoginPath, LoginForm(TestAuth.AdminEmail, TestAuth.AdminPassword));
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Equal("/dashboard/", signedIn.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.StartsWith($"{DashboardSession.CookieName}=", setCookie);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/dashboard", attributes);
        Assert.Contains("max-age=900", attributes); // the access token's 15 minutes
        var cookie = setCookie.Split(';')[0];

        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/dashboard/", cookie)).StatusCode);
        var stats = await SendAsync("/dashboard/DashboardCounters", cookie);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await stats.ReadElement()).GetProperty("hosts").ValueKind);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("/dashboard/DashboardCounters", cookie: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("/admin/tenants", cookie)).StatusCode); // not an API credential
        var token = cookie[(DashboardSession.CookieName.Length + 1)..];
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("/admin/tenants", bearer: token)).StatusCode); // nor as a bearer token
        var apiToken = await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient());
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("/dashboard/", $"{DashboardSession.CookieName}={apiToken}")).StatusCode); // an API token is no session
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("/dashboard/", $"{DashboardSession.CookieName}={token[..^4]}AAAA")).StatusCode);
    }

    private HttpClient NoRedirects()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Remove("X-API-Key");
        return client;
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string? cookie = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        using var http = NoRedirects();
        return await http.SendAsync(request);
    }

    private static FormUrlEncodedContent LoginForm(string email, string password) =>
        new(new Dictionary<string, string> { ["email"] = email, ["password"] = password });

    private static async Task<JsonElement> Counters(HttpClient admin)
    {
        var response = await admin.GetAsync("/dashboard/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadElement();
    }

    private static JsonElement? JobGrainStats(JsonElement counters) =>
        counters.GetProperty("simpleGrainStats").EnumerateArray()
            .Where(s => s.GetProperty("grainType").GetString()?.EndsWith(".JobGrain", StringComparison.Ordinal) == true)
            .Select(s => (JsonElement?)s).FirstOrDefault();
}
