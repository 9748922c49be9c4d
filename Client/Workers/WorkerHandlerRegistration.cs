using System.Text.Json;

namespace Orchestrator.Client.Workers;

/// <summary>A job type the worker runs, and how: read the payload as the handler's type, resolve the handler in a scope, call it.</summary>
internal sealed record WorkerHandlerRegistration(string Type, Func<IServiceProvider, LeasedJob, WorkerJobJournal, CancellationToken, Task<object?>> Run);

/// <summary>A job as the lease call returns it.</summary>
internal sealed record LeasedJob(Guid Id, string Type, string Queue, JsonElement Payload, int Attempt, int MaxAttempts, string LeaseToken,
    DateTimeOffset LeaseExpiresAt, string CorrelationId);
