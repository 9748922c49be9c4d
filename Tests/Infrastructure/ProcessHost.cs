using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>A project's built program run as a real child process, with its output captured for assertions.</summary>
public sealed class ProcessHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ProcessHost(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output => string.Join('\n', _lines);

    /// <summary>
    /// Starts <c>dotnet Orchestrator.{name}.dll</c> from the build output of <paramref name="project"/>, a folder of the
    /// repository (<c>Silo</c>, <c>samples/Worker.Sample</c>) whose last segment is the project's name.
    /// </summary>
    public static ProcessHost Start(string project, IReadOnlyDictionary<string, string> environment)
    {
        var directory = OutputDirectory(project);
        var host = StartCommand("dotnet", [Path.Combine(directory, AssemblyOf(project))], directory, new Dictionary<string, string>(environment)
        {
            ["DOTNET_ENVIRONMENT"] = environment.GetValueOrDefault("DOTNET_ENVIRONMENT", "Development"),
            ["ASPNETCORE_ENVIRONMENT"] = environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT", "Development"),
        });
        return host;
    }

    /// <summary>Starts any program with <paramref name="arguments"/>, its output captured.</summary>
    public static ProcessHost StartCommand(string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        // Through `env --default-signal=INT`: a test run started in the background (as CI may) inherits SIGINT as
        // ignored, and .NET then keeps it ignored; the program must see Ctrl+C as a terminal user's would.
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = new Process { StartInfo = start };
        var host = new ProcessHost(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) host._lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) host._lines.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until the process has printed a line containing <paramref name="text"/>.</summary>
    public async Task WaitForOutput(string text, string step, TimeSpan? timeout = null)
    {
        bool Printed() => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
        try
        {
            await Eventually.True(() => Printed() || _process.HasExited, step, timeout ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
        }
        if (!Printed()) throw new InvalidOperationException($"{step}: '{text}' never appeared. Output:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself and returns its exit code; past <paramref name="timeout"/>, fails naming the step, with the output.</summary>
    public async Task<int> WaitForExitAsync(string step, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token); // also waits for the output to be read to its end
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{step}: still running after {timeout}. Output:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Sends SIGINT (Ctrl+C) and returns whether the process exited within <paramref name="timeout"/>.</summary>
    public Task<bool> InterruptAsync(TimeSpan timeout) => SignalAsync("INT", timeout);

    /// <summary>Sends SIGTERM (a service manager's stop) and returns whether the process exited within <paramref name="timeout"/>.</summary>
    public Task<bool> TerminateAsync(TimeSpan timeout) => SignalAsync("TERM", timeout);

    /// <summary>
    /// <c>kill -9</c> of the process alone: no shutdown, no goodbye. Not its process tree: killing the tree could
    /// kill a silo's shell-job children first, and the silo then recorded those attempts as failed before it died,
    /// so a crash test sometimes saw no attempt lost (the metering kill test, once in five runs). A crashed host
    /// does not take its children with it either; they finish on their own and nobody hears their result.
    /// </summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    private async Task<bool> SignalAsync(string signal, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>The repository's root: the directory above the test output that holds Orchestrator.sln.</summary>
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orchestrator.sln"))) root = root.Parent;
        return root?.FullName ?? throw new InvalidOperationException("Orchestrator.sln not found above the test output.");
    }

    /// <summary>The configuration the tests were built in (Debug or Release); sibling projects are built in the same.</summary>
    public static string BuildConfiguration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string AssemblyOf(string project) => $"Orchestrator.{Path.GetFileName(project)}.dll";

    /// <summary>The build output of a project of the repository in the same configuration as the tests.</summary>
    private static string OutputDirectory(string project)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var directory = Path.Combine(RepositoryRoot(), project, "bin", BuildConfiguration(), framework);
        return File.Exists(Path.Combine(directory, AssemblyOf(project)))
            ? directory
            : throw new InvalidOperationException($"{project} is not built in {directory}; build the solution first.");
    }
}
