namespace Orchestrator.Cli;

/// <summary>What the process's exit code means; scripts can rely on these.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;
    /// <summary>Bad command line: unknown command or option, missing argument, unreadable file.</summary>
    public const int Usage = 1;
    /// <summary>The API refused the request (a 4xx other than 401, 403, 404: invalid input, illegal transition, quota...).</summary>
    public const int Rejected = 2;
    /// <summary>The job, schedule or workflow does not exist (404).</summary>
    public const int NotFound = 3;
    /// <summary>No or bad credentials (401), or the role does not allow it (403).</summary>
    public const int Auth = 4;
    /// <summary>The server failed or cannot be reached (5xx, connection refused, timeout).</summary>
    public const int Unavailable = 5;
    /// <summary><c>watch</c> / <c>--wait</c>: the job or workflow ended but did not succeed.</summary>
    public const int NotSucceeded = 6;

    public const string Help = """
        Exit codes:
          0  ok
          1  usage error (unknown command or option, missing argument)
          2  the API refused the request (400, 409, 413, 429...)
          3  not found (404)
          4  not signed in or not allowed (401, 403)
          5  server error or unreachable (5xx, connection refused, timeout)
          6  the job or workflow watched ended without succeeding
        """;
}
