using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cli;

/// <summary>
/// The CLI as its users get it: <c>dotnet pack</c>, <c>dotnet tool install</c> from the package folder, then the
/// installed <c>orchestrator</c> command. The install reads only that folder (a NuGet.config that clears every other
/// source) and its own package cache, so it works offline and cannot pick another registry's Orchestrator.Cli.
/// </summary>
public sealed class CliToolPackageTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("orchestrator-tool-");

    private async Task<string> RunAsync(string step, string program, params string[] arguments)
    {
        await using var process = ProcessHost.StartCommand(program, arguments, _root.FullName, new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(_root.FullName, "nuget-cache"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        });
        var exit = await process.WaitForExitAsync(step, StepTimeout);
        Assert.True(exit == 0, $"{step}: exit code {exit}. Output:\n{process.Output}");
        return process.Output;
    }

    [Fact]
    public async Task ThePackedTool_Installs_FromALocalFolder_AndPrintsItsUsage()
    {
        var packages = Path.Combine(_root.FullName, "nupkg");
        var tools = Path.Combine(_root.FullName, "tools");
        var config = Path.Combine(_root.FullName, "NuGet.config");
        await File.WriteAllTextAsync(config, """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /></packageSources>
            </configuration>
            """);

        // The Cli build the tests were built with, packed without building again: a second build of the project while
        // the suite runs would race the build the tests reference.
        await RunAsync("dotnet pack", "dotnet", "pack", Path.Combine(ProcessHost.RepositoryRoot(), "Cli", "Cli.csproj"),
            "-c", ProcessHost.BuildConfiguration(), "--no-build", "-o", packages, "-nologo");
        Assert.Matches(@"^Orchestrator\.Cli\.\d+\.\d+\.\d+.*\.nupkg$", Path.GetFileName(Assert.Single(Directory.GetFiles(packages, "*.nupkg"))));

        var installed = await RunAsync("dotnet tool install", "dotnet", "tool", "install", "Orchestrator.Cli",
            "--tool-path", tools, "--configfile", config, "--add-source", packages);
        Assert.Contains("orchestrator", installed);

        var help = await RunAsync("orchestrator help", Path.Combine(tools, "orchestrator"), "help");
        Assert.Contains("Usage: orchestrator <command>", help);
        Assert.Contains("jobs submit --type T", help);
        Assert.Contains("Exit codes:", help);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
