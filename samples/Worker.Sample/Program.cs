using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Client.Hosting;
using Orchestrator.Worker.Sample;

// Configuration from appsettings.json beside the binary, then environment variables (Orchestrator__Client__Url=...), then arguments.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddOrchestratorClient(builder.Configuration);
builder.Services.AddOptions<SampleOptions>().BindConfiguration(SampleOptions.Section);
builder.Services.AddHostedService<SubmitAndWait>();
await builder.Build().RunAsync();
