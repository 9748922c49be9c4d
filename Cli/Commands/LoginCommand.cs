using Orchestrator.Cli.Config;
using Orchestrator.Cli.Output;

namespace Orchestrator.Cli.Commands;

/// <summary><c>login</c>: checks credentials against the gateway and saves them in the profile.</summary>
public static class LoginCommand
{
    public static async Task<int> RunAsync(CliContext c)
    {
        var email = c.Line.Option("email");
        var passwordFromStdin = c.Line.Flag("password-stdin");
        c.Line.CheckAllUsed();
        Profile saved;
        if (email is not null)
        {
            var password = c.Env.In.ReadLine() ?? throw new CliException(ExitCodes.Usage, "Give the password on standard input (--password-stdin).");
            _ = passwordFromStdin;
            var tokens = await c.Api.SendAsync(HttpMethod.Post, "v1/auth/login", new { email, password });
            saved = new Profile { Url = c.Profile.Url, AccessToken = tokens.Text("accessToken"), RefreshToken = tokens.Text("refreshToken") };
        }
        else
        {
            if (c.Profile.ApiKey is null) throw new CliException(ExitCodes.Usage, "login needs --api-key KEY, or --email ADDRESS with the password on standard input.");
            saved = new Profile { Url = c.Profile.Url, ApiKey = c.Profile.ApiKey };
        }
        var check = new Http.ApiClient(new HttpClient(c.Env.Handler ?? new HttpClientHandler(), disposeHandler: c.Env.Handler is null)
        {
            BaseAddress = new Uri(saved.Url!.EndsWith('/') ? saved.Url : saved.Url + "/"),
        }, saved, null);
        var tenant = await check.SendAsync(HttpMethod.Get, "v1/tenants/current");
        c.Store.Save(c.ProfileName, saved);
        c.Print(tenant, () => c.Out.WriteLine($"Signed in to {saved.Url} as tenant {tenant.Text("id")} (profile '{c.ProfileName}', {c.Store.Path})."));
        return ExitCodes.Ok;
    }
}
