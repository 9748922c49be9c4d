namespace Orchestrator.Client;

/// <summary>
/// The one error of the client, the same over both transports: an HTTP-style <see cref="Status"/> and the problem
/// <see cref="ProblemType"/> the gateway would answer (<c>/problems/validation</c>, <c>/problems/not-found</c>…), with a
/// message per bad field in <see cref="Errors"/> for a 400. The Orleans transport maps the grains' domain exceptions
/// exactly as the gateway's problem handler does.
/// </summary>
public sealed class OrchestratorException : Exception
{
    public OrchestratorException(int status, string problemType, string title, string? detail,
        IReadOnlyDictionary<string, string[]>? errors = null, Exception? inner = null)
        : base(detail is null ? $"{status} {title}" : $"{status} {title}: {detail}", inner)
    {
        Status = status;
        ProblemType = problemType;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    /// <summary>The status code: 400, 401, 403, 404, 409, 413, 429, 503, or 500 for a bug.</summary>
    public int Status { get; }

    /// <summary>The problem type, one of <see cref="OrchestratorProblemTypes"/>.</summary>
    public string ProblemType { get; }

    public string Title { get; }

    /// <summary>What went wrong, written for callers; null when the server gave no detail.</summary>
    public string? Detail { get; }

    /// <summary>Messages per bad field (JSON field names such as <c>priority</c> or <c>steps[1].job.type</c>); empty unless 400.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
