using System.Text.Json;
using Orchestrator.Cli.Config;
using Orchestrator.Cli.Http;

namespace Orchestrator.Cli;

/// <summary>
/// One run's settings and services. Where to connect and how to sign in come from, in order: <c>--url</c>,
/// <c>--api-key</c>; the environment (<c>ORCHESTRATOR_URL</c>, <c>ORCHESTRATOR_API_KEY</c>, <c>ORCHESTRATOR_TOKEN</c>);
/// then the profile (<c>--profile</c>, <c>ORCHESTRATOR_PROFILE</c>, else <c>default</c>); the URL defaults to
/// <c>http://localhost:5000</c>.
/// </summary>
public sealed class CliContext
{
    public const string DefaultUrl = "http://localhost:5000";

    private CliContext(CommandLine line, CliEnvironment env, ProfileStore store, string profileName, Profile profile, ApiClient api)
    {
        Line = line;
        Env = env;
        Store = store;
        ProfileName = profileName;
        Profile = profile;
        Api = api;
        Json = line.Flag("json");
    }

    public CommandLine Line { get; }
    public CliEnvironment Env { get; }
    public ProfileStore Store { get; }
    public string ProfileName { get; }
    public Profile Profile { get; }
    public ApiClient Api { get; }
    public bool Json { get; }
    public TextWriter Out => Env.Out;

    public static CliContext Create(CommandLine line, CliEnvironment env)
    {
        var store = new ProfileStore(ProfileStore.DefaultPath(env));
        var name = line.Option("profile") ?? env.Variable("ORCHESTRATOR_PROFILE") ?? "default";
        var saved = store.Load().GetValueOrDefault(name) ?? new Profile();
        var profile = new Profile
        {
            Url = line.Option("url") ?? env.Variable("ORCHESTRATOR_URL") ?? saved.Url ?? DefaultUrl,
        };
        var key = line.Option("api-key") ?? env.Variable("ORCHESTRATOR_API_KEY");
        var token = env.Variable("ORCHESTRATOR_TOKEN");
        if (key is not null) profile.ApiKey = key;
        else if (token is not null) profile.AccessToken = token;
        else (profile.ApiKey, profile.AccessToken, profile.RefreshToken) = (saved.ApiKey, saved.AccessToken, saved.RefreshToken);

        var http = env.Handler is null ? new HttpClient() : new HttpClient(env.Handler, disposeHandler: false);
        http.BaseAddress = new Uri(profile.Url.EndsWith('/') ? profile.Url : profile.Url + "/");
        http.Timeout = TimeSpan.FromSeconds(60);
        // Refreshed tokens are saved only to the profile they came from (not over flags or environment credentials).
        Action<Profile>? save = profile.RefreshToken is null ? null : p => store.Save(name, new Profile
        {
            Url = saved.Url, ApiKey = saved.ApiKey, AccessToken = p.AccessToken, RefreshToken = p.RefreshToken,
        });
        return new CliContext(line, env, store, name, profile, new ApiClient(http, profile, save));
    }

    /// <summary>Prints the API's JSON as is (<c>--json</c>) or the human form.</summary>
    public void Print(JsonElement element, Action human)
    {
        if (Json) Out.WriteLine(CliJson.Print(element));
        else human();
    }

    /// <summary>A JSON argument: inline, or <c>@path</c> to read a file; a usage error when it is not JSON.</summary>
    public static JsonElement ReadJson(string text, string option)
    {
        if (text.StartsWith('@'))
        {
            var path = text[1..];
            if (!File.Exists(path)) throw new CliException(ExitCodes.Usage, $"--{option}: no file {path}.");
            text = File.ReadAllText(path);
        }
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"--{option} is not valid JSON: {e.Message}");
        }
    }
}
