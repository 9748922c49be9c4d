using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Hosting;
using Orchestrator.Grains.Tenants;

namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// Authentication (API keys, JWT bearer tokens, and the dashboard's session cookie), the policies, and the
/// <c>default</c> tenant's seeding.
/// </summary>
public static class AuthHostingExtensions
{
    /// <summary>
    /// The scheme every endpoint uses: <c>X-API-Key</c> when that header is present, the dashboard session cookie for a
    /// <c>/dashboard</c> request that carries it and no header credential (<see cref="DashboardSession"/>), else a
    /// bearer token.
    /// </summary>
    public const string Scheme = "Orchestrator";

    public static WebApplicationBuilder AddOrchestratorAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var embedded = builder.Configuration.GetOrchestratorMode() == OrchestratorMode.Embedded;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<DefaultTenantOptions>().BindConfiguration(DefaultTenantOptions.Section);
        services.AddOptions<TenancyOptions>().BindConfiguration(TenancyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TenancyOptions>, TenancyOptionsValidator>();
        services.AddSingleton(sp => new SigningKey(sp.GetRequiredService<IOptions<AuthOptions>>(), allowGenerated: embedded));
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<PlatformAdmin>();
        services.TryAddSingleton<TenantSettingsCache>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();
        services.AddHostedService<DefaultTenantSeeder>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key, bearer token or dashboard session", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeys.Header) ? ApiKeyAuthenticationHandler.SchemeName
                : DashboardSession.IsCredential(context.Request) ? DashboardSession.Scheme
                : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer()
            .AddJwtBearer(DashboardSession.Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokens>((o, tokens) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = tokens.ValidationParameters();
            });
        services.AddOptions<JwtBearerOptions>(DashboardSession.Scheme)
            .Configure<AccessTokens>((o, tokens) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = tokens.DashboardValidationParameters();
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        context.Token = context.Request.Cookies[DashboardSession.CookieName];
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddAuthorizationBuilder().AddOrchestratorPolicies();
        return builder;
    }
}
