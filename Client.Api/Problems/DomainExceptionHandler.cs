using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Client.Api.Problems;

/// <summary>
/// The one place domain errors become HTTP statuses. Exception text is returned only for the domain's own
/// exceptions, whose messages are written for callers; anything else is a 500 with no detail (and a bug).
/// </summary>
public sealed partial class DomainExceptionHandler(IProblemDetailsService problems, TimeProvider time, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a caller should wait when the cluster is unavailable.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // A storage failure inside a grain can arrive wrapped by the runtime; the domain's own error is what counts.
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is StorageUnavailableException) exception = inner;
        }
        ProblemDetails problem = exception switch
        {
            JobValidationException e => new HttpValidationProblemDetails(e.Errors) { Status = 400, Title = "Invalid request", Detail = "The job submission is invalid.", Type = ProblemTypes.Validation },
            Grains.Interfaces.Workers.LeaseConflictException e => new ProblemDetails { Status = 409, Title = "Lease conflict", Detail = e.Message, Type = ProblemTypes.LeaseConflict },
            IllegalTransitionException e => new ProblemDetails { Status = 409, Title = "Illegal transition", Detail = e.Message, Type = ProblemTypes.IllegalTransition, Extensions = { ["jobStatus"] = e.From.ToString(), ["trigger"] = e.Trigger.ToString() } },
            Grains.Interfaces.Workflows.WorkflowStateException e => new ProblemDetails { Status = 409, Title = "Not allowed in this state", Detail = e.Message, Type = ProblemTypes.Conflict },
            IdempotencyConflictException e => new ProblemDetails { Status = 409, Title = "Idempotency conflict", Detail = e.Message, Type = ProblemTypes.IdempotencyConflict },
            JobNotFoundException e => new ProblemDetails { Status = 404, Title = "Not found", Detail = e.Message, Type = ProblemTypes.NotFound },
            TenancyNotFoundException e => new ProblemDetails { Status = 404, Title = "Not found", Detail = e.Message, Type = ProblemTypes.NotFound },
            TenancyConflictException e => new ProblemDetails { Status = 409, Title = "Conflict", Detail = e.Message, Type = ProblemTypes.Conflict },
            TenancyRuleException e => new ProblemDetails { Status = 409, Title = "Not allowed in this state", Detail = e.Message, Type = ProblemTypes.Conflict },
            Grains.Interfaces.Billing.BillingValidationException e => new HttpValidationProblemDetails(new Dictionary<string, string[]> { [e.Field] = [e.Message] }) { Status = 400, Title = "Invalid request", Detail = e.Message, Type = ProblemTypes.Validation },
            Grains.Interfaces.Billing.InvoiceStateException e => new ProblemDetails { Status = 409, Title = "Not allowed in this state", Detail = e.Message, Type = ProblemTypes.Conflict },
            Grains.Interfaces.Billing.InvoiceNotFoundException e => new ProblemDetails { Status = 404, Title = "Not found", Detail = e.Message, Type = ProblemTypes.NotFound },
            Grains.Interfaces.Billing.QuotaExceededException e => new ProblemDetails { Status = 429, Title = "Quota exceeded", Detail = e.Message, Type = ProblemTypes.QuotaExceeded, Extensions = { ["retryAt"] = e.RetryAt } },
            Grains.Interfaces.Billing.PlanLimitException e => new ProblemDetails { Status = 409, Title = "Plan limit reached", Detail = e.Message, Type = ProblemTypes.PlanLimit, Extensions = { ["limit"] = e.Limit } },
            PayloadTooLargeException e => new ProblemDetails { Status = 413, Title = "Payload too large", Detail = e.Message, Type = ProblemTypes.PayloadTooLarge },
            BadHttpRequestException e when e.StatusCode == 413 => new ProblemDetails { Status = 413, Title = "Request body too large", Detail = "The request body is larger than the server accepts.", Type = ProblemTypes.PayloadTooLarge },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "Bad request", Detail = "The request could not be read.", Type = ProblemTypes.Validation },
            ClusterSaturatedException e => new ProblemDetails { Status = 503, Title = "Cluster saturated", Detail = e.Message, Type = ProblemTypes.Saturated },
            StorageUnavailableException or SiloUnavailableException or OrleansMessageRejectionException or TimeoutException =>
                new ProblemDetails { Status = 503, Title = "Unavailable", Detail = "The cluster cannot serve the request right now; retry later.", Type = ProblemTypes.Unavailable },
            _ => new ProblemDetails { Status = 500, Title = "Internal error", Detail = "An unexpected error occurred.", Type = ProblemTypes.Internal },
        };
        if (problem.Status == 500) LogUnhandled(context.Request.Method, context.Request.Path, exception);
        if (problem.Status == 503) context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (exception is Grains.Interfaces.Billing.QuotaExceededException quota)
        {
            // The quota grain's retry time is on the cluster's clock (the injected TimeProvider): count down to it on the same clock.
            var wait = Math.Max(1, (int)Math.Ceiling((quota.RetryAt - time.GetUtcNow()).TotalSeconds));
            context.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private partial void LogUnhandled(string method, string path, Exception exception);
}
