using System.Net;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Notifications;

/// <summary>Rules the installation cannot serve, on the default settings: no SMTP server, no private webhook targets.</summary>
public sealed class NotificationSettingsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("""{"name":"x","events":["job.succeeded"],"email":{"to":["ops@example.test"]}}""", "email")]
    [InlineData("""{"name":"x","events":["job.succeeded"],"webhook":{"url":"http://127.0.0.1:8080/hook"}}""", "webhook.url")]
    [InlineData("""{"name":"x","events":["job.succeeded"],"webhook":{"url":"http://10.1.2.3/hook"}}""", "webhook.url")]
    public async Task Rule_TheInstallationCannotServe_Is400(string json, string field)
    {
        var response = await factory.CreateClient().PostAsync("/v1/notifications/rules", JsonBody(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadElement()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }
}
