using System.Text.Json;

namespace Orchestrator.Cli.Config;

/// <summary>
/// <c>~/.config/orchestrator/profiles.json</c>: named profiles (<c>default</c> unless <c>--profile</c> or
/// <c>ORCHESTRATOR_PROFILE</c> says otherwise). Written with mode 0600: it holds credentials.
/// </summary>
public sealed class ProfileStore(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    public static string DefaultPath(CliEnvironment env) => env.ProfilesPath ?? env.Variable("ORCHESTRATOR_PROFILES")
        ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "orchestrator", "profiles.json");

    public Dictionary<string, Profile> Load()
    {
        if (!File.Exists(Path)) return new(StringComparer.Ordinal);
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, Profile>>(File.ReadAllText(Path), Json) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"{Path} is not valid JSON ({e.Message}); fix or delete it.");
        }
    }

    public void Save(string name, Profile profile)
    {
        var all = Load();
        all[name] = profile;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = Path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(all, Json));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, Path, overwrite: true);
    }
}
