using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Observability;

/// <summary>An embedded gateway whose access tokens, and so dashboard sessions, live two seconds.</summary>
public sealed class ShortSessionApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        [$"{AuthOptions.Section}:{nameof(AuthOptions.AccessTokenLifetime)}"] = "00:00:02",
    };
}

/// <summary>A dashboard response never outlives the session it was opened with.</summary>
public sealed class DashboardSessionExpiryTests(ShortSessionApiFactory factory) : IClassFixture<ShortSessionApiFactory>
{
    [Fact]
    public async Task DashboardLogStream_EndsWhenTheSessionExpires()
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        browser.DefaultRequestHeaders.Remove("X-API-Key");
        var signedIn = await browser.PostAsync(DashboardSession.LoginPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = TestAuth.AdminEmail,
            ["password"] = TestAuth.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/Trace");
        request.Headers.Add("Cookie", signedIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);

        var clock = Stopwatch.StartNew();
        using var stream = await browser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var ended = await ReadToEndOrAbortAsync(await stream.Content.ReadAsStreamAsync()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(ended, "the log stream ended");
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15)); // the stream itself would run for an hour
    }

    private static async Task<bool> ReadToEndOrAbortAsync(Stream body)
    {
        var buffer = new byte[4096];
        try
        {
            while (await body.ReadAsync(buffer) > 0) { }
        }
        catch (IOException)
        {
        }
        catch (HttpRequestException)
        {
        }
        return true;
    }
}
