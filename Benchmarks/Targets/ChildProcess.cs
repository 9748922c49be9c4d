using System.Diagnostics;

namespace Orchestrator.Benchmarks.Targets;

/// <summary>A Release build of Silo or Client.Api run as its own process, as in production.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string project, IReadOnlyDictionary<string, string> environment, string readyLine)
    {
        // The sibling project's build in the harness's own configuration (Release for measurements; Debug in the smoke tests).
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var directory = Path.Combine(RepositoryRoot(), project, "bin", own.Parent!.Name, own.Name);
        var dll = Path.Combine(directory, $"Orchestrator.{project}.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution (-c Release for measurements).");
        var start = new ProcessStartInfo("dotnet", [dll]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in environment) start.Environment[k] = v;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Orchestrator"] = "Warning";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data?.Contains(readyLine, StringComparison.Ordinal) == true) _ready.TrySetResult(); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[{project}] {e.Data}"); };
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"{project} exited before it was ready."));
        _process.EnableRaisingEvents = true;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public static async Task<ChildProcess> StartAsync(string project, IReadOnlyDictionary<string, string> environment, string readyLine)
    {
        var child = new ChildProcess(project, environment, readyLine);
        await child._ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return child;
    }

    /// <summary>kill -9.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public long WorkingSetBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
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

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Orchestrator.sln not found above the harness.");
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
