using Orleans.Runtime;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Tenants;
using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Client.Cluster;

/// <summary>
/// The grains' domain errors as <see cref="OrchestratorException"/>s, with the statuses, types, titles and details the
/// gateway's problem handler (<c>Client.Api/Problems/DomainExceptionHandler</c>) answers for them, so a caller sees
/// the same error on either transport. Anything else is a 500, as there.
/// </summary>
internal static class GrainProblems
{
    /// <summary>Runs a grain call, translating its failure.</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not OrchestratorException and not OperationCanceledException)
        {
            throw From(e);
        }
    }

    /// <inheritdoc cref="CallAsync{T}"/>
    public static Task CallAsync(Func<Task> call) => CallAsync(async () =>
    {
        await call();
        return true;
    });

    public static OrchestratorException Validation(Dictionary<string, string[]> errors, string detail = "The request has invalid fields.") =>
        new(400, OrchestratorProblemTypes.Validation, "Invalid request", detail, errors);

    public static OrchestratorException Validation(string field, string message) => Validation(new() { [field] = [message] });

    public static OrchestratorException From(Exception exception)
    {
        // A storage failure inside a grain can arrive wrapped by the runtime; the domain's own error is what counts.
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is StorageUnavailableException) exception = inner;
        }
        const string IllegalState = "Not allowed in this state";
        return exception switch
        {
            JobValidationException e => Validation(e.Errors, "The job submission is invalid."),
            IllegalTransitionException e => new(409, OrchestratorProblemTypes.IllegalTransition, "Illegal transition", e.Message, inner: e),
            WorkflowStateException e => new(409, OrchestratorProblemTypes.Conflict, IllegalState, e.Message, inner: e),
            IdempotencyConflictException e => new(409, OrchestratorProblemTypes.IdempotencyConflict, "Idempotency conflict", e.Message, inner: e),
            JobNotFoundException or TenancyNotFoundException or InvoiceNotFoundException =>
                new(404, OrchestratorProblemTypes.NotFound, "Not found", exception.Message, inner: exception),
            TenancyConflictException e => new(409, OrchestratorProblemTypes.Conflict, "Conflict", e.Message, inner: e),
            TenancyRuleException or InvoiceStateException => new(409, OrchestratorProblemTypes.Conflict, IllegalState, exception.Message, inner: exception),
            BillingValidationException e => new(400, OrchestratorProblemTypes.Validation, "Invalid request", e.Message, new Dictionary<string, string[]> { [e.Field] = [e.Message] }, e),
            QuotaExceededException e => new(429, OrchestratorProblemTypes.QuotaExceeded, "Quota exceeded", e.Message, inner: e),
            PlanLimitException e => new(409, OrchestratorProblemTypes.PlanLimit, "Plan limit reached", e.Message, inner: e),
            PayloadTooLargeException e => new(413, OrchestratorProblemTypes.PayloadTooLarge, "Payload too large", e.Message, inner: e),
            StorageUnavailableException or SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or GatewayTooBusyException
                or Orleans.Runtime.Messaging.ConnectionFailedException =>
                new(503, OrchestratorProblemTypes.Unavailable, "Unavailable", "The cluster cannot serve the request right now; retry later.", inner: exception),
            _ => new(500, OrchestratorProblemTypes.Internal, "Internal error", "An unexpected error occurred.", inner: exception),
        };
    }
}
