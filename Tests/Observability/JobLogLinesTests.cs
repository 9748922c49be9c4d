using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Execution;
using Orchestrator.Grains.Jobs;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Observability;

/// <summary>A gateway whose silo runs one attempt and lets none wait, and whose log entries the test can read.</summary>
public sealed class SaturatedLogApiFactory : ApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Executor:MaxConcurrency"] = "1",
        ["Orchestrator:Executor:MaxQueued"] = "1",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Information);
        });
    }
}

/// <summary>Every log line about a job names its tenant, job id, attempt, correlation id and silo.</summary>
[Collection(SaturationCollection.Name)]
public sealed class JobLogLinesTests(SaturatedLogApiFactory factory) : IClassFixture<SaturatedLogApiFactory>
{
    private static readonly string[] JobFields = ["{TenantId}", "{JobId}", "{Attempt}", "{CorrelationId}", "{Silo}"];

    /// <summary>The messages of the job grain and the executor that are about one job (they name a job or an attempt).</summary>
    public static TheoryData<string, int, string> JobMessages()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var type in new[] { typeof(JobGrain), typeof(JobExecutor) })
        {
            foreach (var method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
            {
                if (method.GetCustomAttribute<LoggerMessageAttribute>() is not { } attribute) continue;
                var message = attribute.Message;
                if (message.Contains("{JobId}", StringComparison.Ordinal) || message.Contains("{JobKey}", StringComparison.Ordinal)
                    || message.Contains("{Attempt}", StringComparison.Ordinal))
                {
                    data.Add(type.Name, attribute.EventId, message);
                }
            }
        }
        return data;
    }

    [Fact]
    public void TheJobMessages_AreFound()
    {
        // 1001–1009 in the job grain, 2001–2002 in the executor: the theory below has nothing to check if reflection finds none.
        Assert.True(JobMessages().Count >= 11, $"found {JobMessages().Count} job messages");
    }

    [Theory]
    [MemberData(nameof(JobMessages))]
    public void EveryJobMessage_NamesTenantJobAttemptCorrelationAndSilo(string type, int eventId, string message)
    {
        var missing = JobFields.Where(f => !message.Contains(f, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"{type} event {eventId} lacks {string.Join(", ", missing)}: \"{message}\"");
    }

    [Fact]
    public async Task ASubmissionRefusedByASaturatedSilo_IsLoggedWithTheJobsFields()
    {
        var http = factory.CreateClient();
        var gate = $"saturate-{Guid.NewGuid():N}";
        var block = $$$"""{"type":"{{{TestHandlers.BlockHandler.Name}}}","payload":{"gate":"{{{gate}}}"}}""";
        var running = await (await http.PostAsync("/v1/jobs", JsonBody(block))).ReadJob();
        await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{running.Id}")).ReadJob(),
            j => j.Status == Grains.Interfaces.Jobs.JobStatus.Running, $"job {running.Id} holds the one slot", describe: j => $"{j.Status}");
        var waiting = await (await http.PostAsync("/v1/jobs", JsonBody(block))).ReadJob(); // fills the backlog of one
        try
        {
            var correlation = $"refused-{Guid.NewGuid():N}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = JsonBody(block) };
            request.Headers.Add("X-Correlation-Id", correlation);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.SendAsync(request)).StatusCode);

            var refused = Assert.Single(factory.Logs.Entries, e => e.Properties.GetValueOrDefault("CorrelationId") == correlation);
            Assert.Contains("saturated", refused.Message, StringComparison.Ordinal);
            Assert.Equal(TestAuth.DefaultTenant, refused.Properties["TenantId"]);
            Assert.True(Guid.TryParse(refused.Properties["JobId"], out var jobId) && jobId != running.Id && jobId != waiting.Id, $"the refused job's own id: {refused.Properties["JobId"]}");
            Assert.Equal("1", refused.Properties["Attempt"]);
            Assert.False(string.IsNullOrEmpty(refused.Properties["Silo"]));
        }
        finally
        {
            TestHandlers.Release(gate);
        }
        foreach (var id in new[] { running.Id, waiting.Id })
        {
            await Eventually.Until(async () => await (await http.GetAsync($"/v1/jobs/{id}")).ReadJob(),
                j => j.Status == Grains.Interfaces.Jobs.JobStatus.Succeeded, $"job {id} completes once released", describe: j => $"{j.Status}");
        }
    }
}
