using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Handlers.Shell;

/// <summary>
/// <c>shell</c>: runs a program without a shell. Payload: <c>{"command": "/bin/echo", "args": ["hi"],
/// "workingDirectory": "/tmp", "timeoutSeconds": 10}</c>. A non-zero exit code fails the attempt; the last
/// 4 KiB of stdout and stderr are kept as the attempt's output. The attempt ends at the earlier of
/// <c>timeoutSeconds</c> and the job's timeout, and the whole process tree is killed on timeout or cancel.
/// </summary>
public sealed class ShellJobHandler(IOptions<ShellHandlerOptions> options) : IJobHandler
{
    public const string Name = "shell";

    public IReadOnlyList<string> ValidatePayload(JsonElement payload)
    {
        if (!options.Value.Enabled) return [$"The shell handler is disabled; an operator enables it with {ShellHandlerOptions.Section}:Enabled."];
        if (payload.ValueKind != JsonValueKind.Object) return ["Must be an object with at least 'command'."];
        var errors = new List<string>();
        if (!payload.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(command.GetString()))
            errors.Add("'command' must be a non-empty string.");
        if (payload.TryGetProperty("args", out var args) && (args.ValueKind != JsonValueKind.Array || args.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String)))
            errors.Add("'args' must be an array of strings.");
        if (payload.TryGetProperty("workingDirectory", out var dir) && dir.ValueKind != JsonValueKind.String)
            errors.Add("'workingDirectory' must be a string.");
        if (payload.TryGetProperty("timeoutSeconds", out var t) && (!t.TryGetDouble(out var seconds) || seconds <= 0))
            errors.Add("'timeoutSeconds' must be a positive number.");
        return errors;
    }

    public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) throw new JobFailedException("The shell handler is disabled.", retryable: false);
        var p = context.Payload;
        var start = new ProcessStartInfo(p.GetProperty("command").GetString()!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (p.TryGetProperty("args", out var args))
        {
            foreach (var arg in args.EnumerateArray()) start.ArgumentList.Add(arg.GetString()!);
        }
        if (p.TryGetProperty("workingDirectory", out var dir)) start.WorkingDirectory = dir.GetString()!;
        start.Environment["ORCHESTRATOR_JOB_ID"] = context.JobId.ToString();
        start.Environment["ORCHESTRATOR_ATTEMPT"] = context.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ORCHESTRATOR_CORRELATION_ID"] = context.CorrelationId;

        using var ownTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (p.TryGetProperty("timeoutSeconds", out var t)) ownTimeout.CancelAfter(TimeSpan.FromSeconds(t.GetDouble()));

        var tail = new OutputTail();
        using var process = new Process { StartInfo = start };
        // Every line also goes to the attempt's log (live at GET /v1/jobs/{id}/logs); stderr lines are marked.
        process.OutputDataReceived += (_, e) =>
        {
            tail.Append(e.Data);
            if (e.Data is not null) context.Log(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            tail.Append(e.Data);
            if (e.Data is not null) context.Log("[stderr] " + e.Data);
        };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new JobFailedException($"Could not start '{start.FileName}': {e.Message}", retryable: false);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ownTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested) throw;
            throw new JobFailedException($"Timed out after {t.GetDouble()} s (timeoutSeconds).", retryable: true, tail.ToString());
        }
        if (process.ExitCode != 0)
        {
            throw new JobFailedException($"Exit code {process.ExitCode}.", retryable: true, tail.ToString());
        }
        return new JobHandlerResult(JsonSerializer.Serialize(new { exitCode = 0 }), tail.ToString());
    }
}
