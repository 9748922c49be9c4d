namespace Orchestrator.Grains.Interfaces.Audit;

/// <summary>How an audited action ended, as stored in <see cref="AuditEntry.Outcome"/>.</summary>
public static class AuditOutcome
{
    /// <summary>A 2xx or 3xx response.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>A 401 or 403 response: the caller was not allowed to do it.</summary>
    public const string Denied = "denied";

    /// <summary>Any other response: invalid, conflicting, unavailable, or an error.</summary>
    public const string Failed = "failed";

    /// <summary>The outcome an HTTP status stands for.</summary>
    public static string FromStatus(int status) => status switch
    {
        >= 200 and < 400 => Succeeded,
        401 or 403 => Denied,
        _ => Failed,
    };
}
