namespace Orchestrator.Grains.Handlers;

/// <summary><c>noop</c>: succeeds at once. For smoke tests and benchmarks.</summary>
public sealed class NoopJobHandler : IJobHandler
{
    public const string Name = "noop";

    public Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
        Task.FromResult(JobHandlerResult.Empty);
}
