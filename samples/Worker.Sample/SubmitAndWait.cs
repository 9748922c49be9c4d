using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Client;
using Orchestrator.Client.Jobs;

namespace Orchestrator.Worker.Sample;

/// <summary>Submits one job when the host has started, waits for it, prints how it ended and stops the host.</summary>
public sealed partial class SubmitAndWait(
    IOrchestratorClient orchestrator, IOptions<SampleOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SubmitAndWait> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sample = options.Value;
        try
        {
            var job = await orchestrator.Jobs.SubmitAsync(sample.Type, new GreetingPayload("hello from the sample", time.GetUtcNow()),
                new SubmitOptions { Tags = ["sample"] }, stoppingToken);
            LogSubmitted(job.Id, job.Type, job.Status);
            var done = await orchestrator.Jobs.WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(sample.WaitSeconds), stoppingToken);
            LogFinished(done.Id, done.Status, done.Attempt, done.Result?.GetRawText() ?? "null", done.LastError);
            if (done.Status != JobStatus.Succeeded) Environment.ExitCode = 1;
        }
        catch (Exception e) when (e is OrchestratorException or TimeoutException)
        {
            LogFailed(e);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
