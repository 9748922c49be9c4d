using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Handlers.Webhook;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Notifications;

/// <summary>
/// Notification rules through the HTTP API on the embedded gateway: real jobs, real delivery jobs, a loopback webhook
/// receiver and an SMTP sink. Each test registers its own tenant, so rules of one test never see another's jobs.
/// </summary>
public sealed class NotificationsApiTests(NotificationApiFactory factory) : IClassFixture<NotificationApiFactory>
{
    private const string QuickBackoff = """{"initial":0.05,"max":0.1,"jitter":"none"}""";

    private async Task<HttpClient> TenantClientAsync()
    {
        var anonymous = factory.CreateAnonymousClient();
        var tenant = await Tenancy.RegisterAsync(anonymous);
        var (access, _) = await Tenancy.LoginAsync(anonymous, tenant.OwnerEmail);
        return factory.CreateClient().WithBearer(access);
    }

    private static async Task<JsonElement> CreateRuleAsync(HttpClient http, string json)
    {
        var response = await http.PostAsync("/v1/notifications/rules", JsonBody(json));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadElement();
    }

    private static async Task<Guid> SubmitAsync(HttpClient http, string json)
    {
        var response = await http.PostAsync("/v1/jobs", JsonBody(json));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJob()).Id;
    }

    private static Task<JobResponse> WaitForJob(HttpClient http, Guid id, JobStatus status, string step) =>
        Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{id}")).ReadJob(), j => j.Status == status,
            $"{step}: job {id} to reach {status}", describe: j => $"{j.Status} ({j.StatusReason})");

    private static Task<ReceivedWebhook[]> WaitForRequests(WebhookReceiver receiver, int count, string step) =>
        Eventually.Until(() => Task.FromResult(receiver.Requests.ToArray()), r => r.Length >= count, $"{step}: {count} webhook requests",
            describe: r => $"{r.Length} requests");

    private static async Task<JsonElement[]> DeliveriesAsync(HttpClient http, string ruleId)
    {
        var response = await http.GetAsync($"/v1/notifications/rules/{ruleId}/deliveries");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadElement()).GetProperty("items").EnumerateArray().ToArray();
    }

    [Fact]
    public async Task Webhook_SignatureVerifies_WithTheTenantSecret()
    {
        var http = await TenantClientAsync();
        using var receiver = new WebhookReceiver();
        var rule = await CreateRuleAsync(http, $$$"""{"name":"ops","events":["job.succeeded"],"webhook":{"url":"{{{receiver.Url}}}"}}""");
        var secret = rule.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);

        var jobId = await SubmitAsync(http, """{"type":"test-echo","payload":{"x":1}}""");
        var request = Assert.Single(await WaitForRequests(receiver, 1, "the success is delivered"));

        // The receiver's side, written from the documentation: HMAC-SHA256(secret, "<t>.<body>") as lower-case hex.
        var parts = request.Headers[WebhookSignature.Header].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{request.Body}")));
        Assert.Equal(expected, parts["v1"]);
        Assert.True(Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(parts["t"])) < 300);
        Assert.True(WebhookSignature.Verify(secret, request.Headers[WebhookSignature.Header], request.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret + "x", request.Headers[WebhookSignature.Header], request.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));

        Assert.Equal("job.succeeded", request.Headers[WebhookJobHandler.EventHeader]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("job.succeeded", body.GetProperty("event").GetString());
        Assert.Equal(jobId, body.GetProperty("jobId").GetGuid());
        Assert.Equal("Succeeded", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("attempt").GetInt32());
        Assert.Equal(1, body.GetProperty("result").GetProperty("x").GetInt32());
        var delivery = await WaitForJob(http, Guid.Parse(request.Headers[WebhookJobHandler.DeliveryHeader]), JobStatus.Succeeded, "the delivery job");
        Assert.Equal("webhook", delivery.Type);
        Assert.Equal("notifications", delivery.Queue);
        Assert.DoesNotContain(secret, delivery.Payload.GetRawText());
    }

    [Fact]
    public async Task Webhook_Receiver500Twice_Then200_GetsExactlyOneSuccessfulDelivery_AfterRetries()
    {
        var http = await TenantClientAsync();
        using var receiver = new WebhookReceiver(500, 500, 200);
        var rule = await CreateRuleAsync(http, $$$"""{"name":"flaky receiver","events":["job.succeeded"],"webhook":{"url":"{{{receiver.Url}}}"}}""");
        var ruleId = rule.GetProperty("id").GetString()!;
        var jobId = await SubmitAsync(http, """{"type":"test-record"}""");

        var requests = await WaitForRequests(receiver, 3, "two failures and a success");
        var deliveryId = Guid.Parse(requests[0].Headers[WebhookJobHandler.DeliveryHeader]);
        var delivery = await WaitForJob(http, deliveryId, JobStatus.Succeeded, "the delivery succeeds on its third attempt");
        Assert.Equal(3, delivery.Attempts.Count);
        Assert.Equal([AttemptResult.Failed, AttemptResult.Failed, AttemptResult.Succeeded], delivery.Attempts.Select(a => a.Result));
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Requests, r => r.AnsweredStatus is >= 200 and < 300);
        Assert.All(receiver.Requests, r => Assert.Equal(deliveryId.ToString("D"), r.Headers[WebhookJobHandler.DeliveryHeader]));
        Assert.All(receiver.Requests, r => Assert.Equal(jobId, JsonDocument.Parse(r.Body).RootElement.GetProperty("jobId").GetGuid()));

        var history = Assert.Single(await DeliveriesAsync(http, ruleId));
        Assert.Equal(deliveryId, history.GetProperty("jobId").GetGuid());
        Assert.Equal("webhook", history.GetProperty("channel").GetString());
        Assert.Equal("job.succeeded", history.GetProperty("event").GetString());
        Assert.Equal("Succeeded", history.GetProperty("status").GetString());
        Assert.Equal(3, history.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Webhook_ReceiverAlways500_DeadLettersTheDelivery_InTheDlq_AndInTheRulesHistory()
    {
        var http = await TenantClientAsync();
        using var receiver = WebhookReceiver.Always(500);
        var rule = await CreateRuleAsync(http, $$$"""{"name":"broken receiver","events":["job.succeeded"],"webhook":{"url":"{{{receiver.Url}}}"}}""");
        var ruleId = rule.GetProperty("id").GetString()!;
        var jobId = await SubmitAsync(http, """{"type":"test-record"}""");

        var deliveryId = Guid.Parse((await WaitForRequests(receiver, 1, "the first delivery attempt"))[0].Headers[WebhookJobHandler.DeliveryHeader]);
        var delivery = await WaitForJob(http, deliveryId, JobStatus.DeadLettered, "the delivery after its last attempt");
        const int attempts = NotificationApiFactory.DeliveryMaxAttempts;
        Assert.Equal(Enumerable.Repeat(AttemptResult.Failed, attempts), delivery.Attempts.Select(a => a.Result));
        Assert.True(delivery.Attempts[^1].DeadLettered);
        Assert.Contains("500", delivery.LastError);
        Assert.Equal(attempts, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal(deliveryId.ToString("D"), r.Headers[WebhookJobHandler.DeliveryHeader]));
        Assert.Equal(JobStatus.Succeeded, (await (await http.GetAsync($"/v1/jobs/{jobId}")).ReadJob()).Status); // the job itself is fine

        // In the tenant's DLQ like any dead-lettered job (so "retry" sends it again), and so in the rule's history.
        var dlq = (await (await http.GetAsync("/v1/dlq?queue=notifications")).ReadElement()).GetProperty("items").EnumerateArray().ToArray();
        var listed = Assert.Single(dlq);
        Assert.Equal((deliveryId, "webhook", attempts), (listed.GetProperty("id").GetGuid(), listed.GetProperty("type").GetString(), listed.GetProperty("attempt").GetInt32()));
        var history = Assert.Single(await DeliveriesAsync(http, ruleId));
        Assert.Equal(deliveryId, history.GetProperty("jobId").GetGuid());
        Assert.Equal(("DeadLettered", attempts, "job.succeeded"),
            (history.GetProperty("status").GetString(), history.GetProperty("attempts").GetInt32(), history.GetProperty("event").GetString()));
        Assert.Contains("500", history.GetProperty("lastError").GetString());
        var deadOnly = await (await http.GetAsync($"/v1/notifications/rules/{ruleId}/deliveries?status=DeadLettered")).ReadElement();
        Assert.Equal(deliveryId, Assert.Single(deadOnly.GetProperty("items").EnumerateArray()).GetProperty("jobId").GetGuid());
    }

    [Fact]
    public async Task Email_ArrivesAtTheSmtpSink_WithTheJobId_WhenAJobIsDeadLettered()
    {
        var http = await TenantClientAsync();
        var to = $"ops-{Guid.NewGuid():N}@example.test";
        var rule = await CreateRuleAsync(http, $$$"""{"name":"mail","events":["job.dead_lettered"],"email":{"to":["{{{to}}}"]}}""");
        Assert.False(rule.TryGetProperty("secret", out _)); // no webhook, no secret

        var jobId = await SubmitAsync(http, """{"type":"test-fail","payload":{"retryable":false}}""");
        await WaitForJob(http, jobId, JobStatus.DeadLettered, "the job fails for good");
        var message = await Eventually.Until(() => Task.FromResult(factory.Smtp.Messages.FirstOrDefault(m => m.To.Contains(to))), m => m is not null,
            $"an email to {to} about job {jobId}");
        Assert.Equal("orchestrator@example.test", message!.From);
        Assert.Contains(jobId.ToString(), message.Data);
        Assert.Contains("job.dead_lettered", message.Data);
        var history = Assert.Single(await DeliveriesAsync(http, rule.GetProperty("id").GetString()!));
        Assert.Equal("email", history.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task FailedAttempts_AndDeadLetter_AreNotifiedOncePerAttempt()
    {
        var http = await TenantClientAsync();
        using var receiver = new WebhookReceiver();
        await CreateRuleAsync(http, $$$"""{"name":"failures","events":["job.failed","job.dead_lettered"],"webhook":{"url":"{{{receiver.Url}}}"}}""");
        var jobId = await SubmitAsync(http, $$$"""{"type":"test-fail","maxAttempts":2,"backoff":{{{QuickBackoff}}}}""");
        await WaitForJob(http, jobId, JobStatus.DeadLettered, "two attempts fail");

        var requests = await WaitForRequests(receiver, 2, "a failed attempt and the dead letter");
        var events = requests.Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Select(e => (Event: e.GetProperty("event").GetString(), Attempt: e.GetProperty("attempt").GetInt32(), Error: e.GetProperty("error").GetString()))
            .OrderBy(e => e.Attempt).ToList();
        Assert.Equal([("job.failed", 1), ("job.dead_lettered", 2)], events.Select(e => (e.Event, e.Attempt)));
        Assert.All(events, e => Assert.Equal("always fails", e.Error));
    }

    [Fact]
    public async Task WorkflowFinished_IsNotified_WithTheWorkflowsStatus()
    {
        var http = await TenantClientAsync();
        using var receiver = new WebhookReceiver();
        await CreateRuleAsync(http, $$$"""{"name":"workflows","events":["workflow.finished"],"webhook":{"url":"{{{receiver.Url}}}"}}""");
        var response = await http.PostAsync("/v1/workflows", JsonBody("""{"name":"wf","steps":[{"name":"a","job":{"type":"test-echo","payload":{"n":1}}}]}"""));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var workflowId = (await response.ReadElement()).GetProperty("id").GetGuid();

        var request = Assert.Single(await WaitForRequests(receiver, 1, "the workflow's end"));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("workflow.finished", body.GetProperty("event").GetString());
        Assert.Equal(workflowId, body.GetProperty("workflowId").GetGuid());
        Assert.Equal("Succeeded", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("run").GetInt32());
    }

    [Fact]
    public async Task Filters_OnlyMatchingJobs_AreNotified()
    {
        var http = await TenantClientAsync();
        using var receiver = new WebhookReceiver();
        var rule = await CreateRuleAsync(http, $$$"""{"name":"billing only","events":["job.succeeded"],"queue":"billing","type":"test-record","webhook":{"url":"{{{receiver.Url}}}"}}""");
        var otherQueue = await SubmitAsync(http, """{"type":"test-record","queue":"reports"}""");
        var otherType = await SubmitAsync(http, """{"type":"test-echo","queue":"billing"}""");
        await WaitForJob(http, otherQueue, JobStatus.Succeeded, "the job of another queue");
        await WaitForJob(http, otherType, JobStatus.Succeeded, "the job of another type");
        var matching = await SubmitAsync(http, """{"type":"test-record","queue":"billing"}""");

        await WaitForRequests(receiver, 1, "the matching job's notification");
        var history = Assert.Single(await DeliveriesAsync(http, rule.GetProperty("id").GetString()!));
        await WaitForJob(http, history.GetProperty("jobId").GetGuid(), JobStatus.Succeeded, "the one delivery");
        Assert.Equal(matching, JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("jobId").GetGuid());
    }

    [Fact]
    public async Task WithoutARule_NoDeliveryJobIsCreated()
    {
        var http = await TenantClientAsync();
        var jobId = await SubmitAsync(http, """{"type":"test-fail","payload":{"retryable":false}}""");
        await WaitForJob(http, jobId, JobStatus.DeadLettered, "the job fails");
        var list = await (await http.GetAsync("/v1/jobs?queue=notifications")).ReadElement();
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task RotatedSecret_SignsTheNextDelivery()
    {
        var http = await TenantClientAsync();
        using var receiver = new WebhookReceiver();
        var first = (await CreateRuleAsync(http, $$$"""{"name":"a","events":["job.succeeded"],"webhook":{"url":"{{{receiver.Url}}}"}}""")).GetProperty("secret").GetString()!;
        var second = await CreateRuleAsync(http, $$$"""{"name":"b","events":["job.dead_lettered"],"webhook":{"url":"{{{receiver.Url}}}"}}""");
        Assert.False(second.TryGetProperty("secret", out _)); // one secret per tenant, shown once

        var rotate = await http.PostAsync("/v1/notifications/secret/rotate", JsonBody("{}"));
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var rotated = (await rotate.ReadElement()).GetProperty("secret").GetString()!;
        Assert.NotEqual(first, rotated);

        await SubmitAsync(http, """{"type":"test-record"}""");
        var request = Assert.Single(await WaitForRequests(receiver, 1, "a delivery after the rotation"));
        Assert.True(WebhookSignature.Verify(rotated, request.Headers[WebhookSignature.Header], request.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(first, request.Headers[WebhookSignature.Header], request.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Rules_CanBeRead_Changed_AndDeleted()
    {
        var http = await TenantClientAsync();
        var rule = await CreateRuleAsync(http, """{"name":"r","events":["job.succeeded"],"webhook":{"url":"https://hooks.example.test/x"},"queue":"q"}""");
        var id = rule.GetProperty("id").GetString();

        var patched = await http.PatchAsync($"/v1/notifications/rules/{id}", JsonBody("""{"queue":null,"email":{"to":["a@example.test"]},"webhook":null}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.ReadElement();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("queue").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("webhook").ValueKind);
        Assert.Equal("a@example.test", body.GetProperty("email").GetProperty("to")[0].GetString());

        var list = await (await http.GetAsync("/v1/notifications/rules")).ReadElement();
        Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/v1/notifications/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v1/notifications/rules/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","events":["job.exploded"],"webhook":{"url":"https://h.example.test"}}""", "events")]
    [InlineData("""{"name":"x","events":[],"webhook":{"url":"https://h.example.test"}}""", "events")]
    [InlineData("""{"name":"x","events":["job.succeeded"],"webhook":{"url":"ftp://h.example.test"}}""", "webhook.url")]
    [InlineData("""{"name":"x","events":["job.succeeded"],"webhook":{"url":"not a url"}}""", "webhook.url")]
    [InlineData("""{"name":"x","events":["job.succeeded"],"email":{"to":["not-an-address"]}}""", "email.to")]
    [InlineData("""{"name":"x","events":["job.succeeded"]}""", "channels")]
    [InlineData("""{"events":["job.succeeded"],"webhook":{"url":"https://h.example.test"}}""", "name")]
    [InlineData("""{"name":"x","events":["job.succeeded"],"webhook":{"url":"https://h.example.test"},"colour":"red"}""", "colour")]
    [InlineData("""{"name":"x","events":"job.succeeded","webhook":{"url":"https://h.example.test"}}""", "events")]
    public async Task BadRule_Is400_NamingTheField(string json, string field)
    {
        var http = await TenantClientAsync();
        var response = await http.PostAsync("/v1/notifications/rules", JsonBody(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadElement()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PATCH", "")]
    [InlineData("DELETE", "")]
    [InlineData("GET", "/deliveries")]
    public async Task UnknownRule_Is404(string method, string suffix)
    {
        var http = await TenantClientAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/v1/notifications/rules/{Guid.NewGuid()}{suffix}");
        if (method == "PATCH") request.Content = JsonBody("""{"name":"y"}""");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("webhook")]
    [InlineData("email")]
    public async Task DeliveryTypes_CannotBeSubmittedByCallers(string type)
    {
        var http = await TenantClientAsync();
        var response = await http.PostAsync("/v1/jobs", JsonBody($$$$"""{"type":"{{{{type}}}}","queue":"notifications","payload":{"url":"http://127.0.0.1:1/","to":["a@example.test"],"event":{}}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
