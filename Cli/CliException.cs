namespace Orchestrator.Cli;

/// <summary>A failure with the exit code it maps to and the message for stderr.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
