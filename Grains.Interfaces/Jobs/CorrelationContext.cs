namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>
/// The correlation id of the call in progress, carried by Orleans' <see cref="RequestContext"/> from the gateway
/// (which takes it from <c>X-Correlation-Id</c>) into every grain call the request makes. A job stores its own
/// correlation id, so its attempts, logs and outgoing <c>http</c> requests keep it however late they run; a
/// <see cref="JobSpec"/> submitted without one takes the caller's from here.
/// </summary>
public static class CorrelationContext
{
    public const string Key = "orchestrator.correlation-id";

    /// <summary>The current call's correlation id, or null.</summary>
    public static string? Current => RequestContext.Get(Key) as string;

    /// <summary>Sets the correlation id that the following grain calls of this async flow carry.</summary>
    public static void Set(string correlationId) => RequestContext.Set(Key, correlationId);
}
