using Microsoft.Extensions.FileProviders;

namespace Orchestrator.Client.Api.Ui;

/// <summary>
/// The web UI at <c>/ui</c>: static files from <c>wwwroot/ui</c> (plain HTML, CSS and JavaScript, no build step). The
/// files are public; everything they show comes from the <c>/v1</c> API with the signed-in caller's credentials.
/// </summary>
public static class WebUiExtensions
{
    public const string Path = "/ui";

    /// <summary>Serves the UI before authentication (static files need none), and sends <c>/ui</c> and <c>/</c> to <c>/ui/</c>.</summary>
    public static IApplicationBuilder UseOrchestratorWebUi(this WebApplication app)
    {
        var root = System.IO.Path.Combine(app.Environment.WebRootPath ?? System.IO.Path.Combine(app.Environment.ContentRootPath, "wwwroot"), "ui");
        if (!Directory.Exists(root)) return app;
        var files = new PhysicalFileProvider(root);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == Path || context.Request.Path == "/")
            {
                context.Response.Redirect(Path + "/");
                return;
            }
            await next();
        });
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = Path, FileProvider = files });
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = files,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
