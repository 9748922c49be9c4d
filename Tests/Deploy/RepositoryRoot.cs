namespace Orchestrator.Tests.Deploy;

/// <summary>The checkout the tests were built from: the folder above the test output that holds Orchestrator.sln.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path inside the repository, from <c>/</c>-separated parts such as <c>deploy/prometheus.yml</c>.</summary>
    public static string Combine(string relative) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar)));

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Orchestrator.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"Orchestrator.sln not found in {AppContext.BaseDirectory} or any folder above it.");
    }
}
