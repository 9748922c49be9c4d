using System.Collections.Concurrent;
using System.Text.Json;
using Orchestrator.Grains.Handlers;

namespace Orchestrator.Tests.Jobs;

/// <summary>
/// Handlers the tests drive. Tests and silos share one process (TestCluster and WebApplicationFactory host silos
/// in-process), so the handlers report to static, per-job state the tests read.
/// </summary>
public static class TestHandlers
{
    /// <summary>Start instants and order of every attempt, by job id.</summary>
    public static readonly ConcurrentDictionary<Guid, ConcurrentQueue<(int Attempt, DateTimeOffset StartedAt)>> Starts = new();
    private static long _order;
    public static readonly ConcurrentDictionary<Guid, long> StartOrder = new();

    /// <summary>Gates that <c>test-block</c> waits on, by name; released by <see cref="Release"/>.</summary>
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    /// <summary>Jobs whose <c>test-block</c> attempt saw its cancellation token fire.</summary>
    public static readonly ConcurrentDictionary<Guid, bool> SawCancellation = new();

    public static void Release(string gate) => Gate(gate).TrySetResult();

    private static TaskCompletionSource Gate(string name) =>
        Gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static void Record(JobContext context)
    {
        Starts.GetOrAdd(context.JobId, _ => new()).Enqueue((context.Attempt, DateTimeOffset.UtcNow));
        StartOrder.TryAdd(context.JobId, Interlocked.Increment(ref _order));
    }

    public static void AddTo(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        Orchestrator.Grains.Hosting.OrchestratorSiloBuilderExtensions.AddJobHandler<RecordHandler>(services, RecordHandler.Name);
        Orchestrator.Grains.Hosting.OrchestratorSiloBuilderExtensions.AddJobHandler<FlakyHandler>(services, FlakyHandler.Name);
        Orchestrator.Grains.Hosting.OrchestratorSiloBuilderExtensions.AddJobHandler<FailHandler>(services, FailHandler.Name);
        Orchestrator.Grains.Hosting.OrchestratorSiloBuilderExtensions.AddJobHandler<BlockHandler>(services, BlockHandler.Name);
        Orchestrator.Grains.Hosting.OrchestratorSiloBuilderExtensions.AddJobHandler<EchoHandler>(services, EchoHandler.Name);
        Orchestrator.Grains.Hosting.OrchestratorSiloBuilderExtensions.AddJobHandler<LogHandler>(services, LogHandler.Name);
    }

    /// <summary>
    /// <c>test-log</c>: writes <c>payload.lines</c> log lines (<c>"line {i}"</c> padded to <c>payload.lineLength</c>),
    /// reports <c>payload.progress</c>, logs one <c>ILogger</c> line, then — with <c>payload.gate</c> — waits for that
    /// gate, writes "done" and reports 100; then — with <c>payload.hold</c> — stays running until that gate opens too.
    /// </summary>
    public sealed class LogHandler(Microsoft.Extensions.Logging.ILogger<LogHandler> logger) : IJobHandler
    {
        public const string Name = "test-log";

        public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            var p = context.Payload;
            var length = p.TryGetProperty("lineLength", out var l) ? l.GetInt32() : 0;
            for (var i = 1; i <= p.GetProperty("lines").GetInt32(); i++) context.Log($"line {i}".PadRight(length, '.'));
            if (p.TryGetProperty("progress", out var progress)) context.ReportProgress(progress.GetInt32());
            Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "test-log handler ran for {Job}", context.JobId);
            if (p.TryGetProperty("gate", out var gate))
            {
                await Gate(gate.GetString()!).Task.WaitAsync(cancellationToken);
                context.Log("done");
                context.ReportProgress(100);
            }
            if (p.TryGetProperty("hold", out var hold)) await Gate(hold.GetString()!).Task.WaitAsync(cancellationToken);
            return JobHandlerResult.Empty;
        }
    }

    /// <summary>
    /// <c>test-echo</c>: succeeds with its payload as its result; with <c>payload.failUntilReleased</c> (a gate name) it
    /// fails for good while that gate is closed.
    /// </summary>
    public sealed class EchoHandler : IJobHandler
    {
        public const string Name = "test-echo";

        public Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            Record(context);
            if (context.Payload.ValueKind == JsonValueKind.Object && context.Payload.TryGetProperty("failUntilReleased", out var gate)
                && !Gate(gate.GetString()!).Task.IsCompleted)
            {
                throw new JobFailedException($"gate {gate.GetString()} is closed", retryable: false);
            }
            return Task.FromResult(new JobHandlerResult(context.Payload.GetRawText()));
        }
    }

    /// <summary><c>test-record</c>: records its start and succeeds.</summary>
    public sealed class RecordHandler : IJobHandler
    {
        public const string Name = "test-record";

        public Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            Record(context);
            return Task.FromResult(new JobHandlerResult("{\"ok\":true}"));
        }
    }

    /// <summary><c>test-flaky</c>: fails while the attempt number is at most <c>payload.failTimes</c>.</summary>
    public sealed class FlakyHandler : IJobHandler
    {
        public const string Name = "test-flaky";

        public Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            Record(context);
            var failTimes = context.Payload.GetProperty("failTimes").GetInt32();
            if (context.Attempt <= failTimes) throw new InvalidOperationException($"planned failure {context.Attempt}/{failTimes}");
            return Task.FromResult(JobHandlerResult.Empty);
        }
    }

    /// <summary><c>test-fail</c>: always fails; <c>payload.retryable: false</c> makes the failure final.</summary>
    public sealed class FailHandler : IJobHandler
    {
        public const string Name = "test-fail";

        public Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            Record(context);
            var retryable = context.Payload.ValueKind != JsonValueKind.Object
                || !context.Payload.TryGetProperty("retryable", out var r) || r.GetBoolean();
            throw new JobFailedException("always fails", retryable, output: "some output");
        }
    }

    /// <summary><c>test-block</c>: waits for the gate <c>payload.gate</c> (or its token), then succeeds.</summary>
    public sealed class BlockHandler : IJobHandler
    {
        public const string Name = "test-block";

        public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            Record(context);
            try
            {
                await Gate(context.Payload.GetProperty("gate").GetString()!).Task.WaitAsync(cancellationToken);
                return JobHandlerResult.Empty;
            }
            catch (OperationCanceledException)
            {
                SawCancellation[context.JobId] = true;
                throw;
            }
        }
    }
}
