using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Handlers;
using Orchestrator.Grains.Handlers.Http;
using Orchestrator.Grains.Handlers.Shell;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Handlers;

public sealed class BuiltInHandlerTests
{
    private static JobContext Context(string payload, TimeSpan? timeout = null) => new()
    {
        TenantId = "default",
        JobId = Guid.NewGuid(),
        Type = "t",
        Queue = "default",
        Attempt = 1,
        Payload = JsonDocument.Parse(payload).RootElement,
        CorrelationId = "corr-77",
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    private static HttpJobHandler Http(bool allowPrivate) =>
        new(Options.Create(new HttpHandlerOptions { AllowPrivateNetworks = allowPrivate }));

    private static ShellJobHandler Shell(bool enabled) => new(Options.Create(new ShellHandlerOptions { Enabled = enabled }));

    /// <summary>A one-shot loopback HTTP server answering <paramref name="status"/> and recording the request.</summary>
    private static (string Url, Task<(string Method, string Body, string? Correlation)> Request) Serve(int status)
    {
        var port = FreePort.Next();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var request = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            context.Response.StatusCode = status;
            var reply = Encoding.UTF8.GetBytes("reply-body");
            await context.Response.OutputStream.WriteAsync(reply);
            context.Response.Close();
            listener.Stop();
            return (context.Request.HttpMethod, body, context.Request.Headers["X-Correlation-Id"]);
        });
        return ($"http://127.0.0.1:{port}/hook", request);
    }

    [Fact]
    public async Task Http_SendsTheRequest_AndSucceedsOn2xx()
    {
        var (url, request) = Serve(201);
        using var handler = Http(allowPrivate: true);
        var result = await handler.ExecuteAsync(Context($$$"""{"url":"{{{url}}}","method":"PUT","body":{"a":1},"headers":{"X-Test":"1"}}"""), CancellationToken.None);

        var (method, body, correlation) = await request;
        Assert.Equal("PUT", method);
        Assert.Equal("""{"a":1}""", body);
        Assert.Equal("corr-77", correlation);
        Assert.Equal("""{"status":201}""", result.ResultJson);
        Assert.Equal("reply-body", result.Output);
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(429, true)]
    [InlineData(404, false)]
    [InlineData(400, false)]
    public async Task Http_FailureStatus_IsRetryableOnlyWhenARetryCouldHelp(int status, bool retryable)
    {
        var (url, _) = Serve(status);
        using var handler = Http(allowPrivate: true);
        var error = await Assert.ThrowsAsync<JobFailedException>(() => handler.ExecuteAsync(Context($$"""{"url":"{{url}}"}"""), CancellationToken.None));
        Assert.Equal(retryable, error.Retryable);
        Assert.Contains($"HTTP {status}", error.Message);
    }

    [Fact]
    public async Task Http_SuccessStatusCodes_OverrideTheDefault()
    {
        var (url, _) = Serve(404);
        using var handler = Http(allowPrivate: true);
        var result = await handler.ExecuteAsync(Context($$"""{"url":"{{url}}","successStatusCodes":[404]}"""), CancellationToken.None);
        Assert.Equal("""{"status":404}""", result.ResultJson);
    }

    [Fact]
    public async Task Http_PrivateAddress_IsRefusedAtConnect()
    {
        // Execution skips the submit-time literal check and relies on the guard run on resolved addresses at connect
        // time, the one that also stops DNS names pointing inside.
        using var handler = Http(allowPrivate: false);
        var error = await Assert.ThrowsAsync<JobFailedException>(() =>
            handler.ExecuteAsync(Context("""{"url":"http://127.0.0.1:9/"}"""), CancellationToken.None));
        Assert.False(error.Retryable);
        Assert.Contains("private", error.Message);
    }

    [Fact]
    public void Http_ValidatePayload_RefusesPrivateTargetsUnlessAllowed()
    {
        using var strict = Http(allowPrivate: false);
        using var lax = Http(allowPrivate: true);
        var payload = JsonDocument.Parse("""{"url":"http://192.168.0.10/x"}""").RootElement;
        Assert.NotEmpty(strict.ValidatePayload(payload));
        Assert.Empty(lax.ValidatePayload(payload));
    }

    [Fact]
    public async Task Shell_RunsTheCommand_AndKeepsItsOutput()
    {
        var result = await Shell(enabled: true).ExecuteAsync(Context("""{"command":"/bin/sh","args":["-c","echo out; echo err >&2"]}"""), CancellationToken.None);
        Assert.Contains("out", result.Output);
        Assert.Contains("err", result.Output);
        Assert.Equal("""{"exitCode":0}""", result.ResultJson);
    }

    [Fact]
    public async Task Shell_NonZeroExit_FailsWithTheOutputTail()
    {
        var error = await Assert.ThrowsAsync<JobFailedException>(() =>
            Shell(enabled: true).ExecuteAsync(Context("""{"command":"/bin/sh","args":["-c","echo boom; exit 3"]}"""), CancellationToken.None));
        Assert.Contains("Exit code 3", error.Message);
        Assert.Contains("boom", error.Output);
    }

    [Fact]
    public async Task Shell_OwnTimeout_KillsTheProcess()
    {
        var error = await Assert.ThrowsAsync<JobFailedException>(() =>
            Shell(enabled: true).ExecuteAsync(Context("""{"command":"sleep","args":["30"],"timeoutSeconds":0.3}"""), CancellationToken.None));
        Assert.Contains("Timed out", error.Message);
    }

    [Fact]
    public void Shell_Disabled_RefusesEveryPayload() =>
        Assert.NotEmpty(Shell(enabled: false).ValidatePayload(JsonDocument.Parse("""{"command":"/bin/true"}""").RootElement));

    [Fact]
    public void OutputTail_KeepsTheLastCharacters()
    {
        var tail = new OutputTail(capacity: 10);
        for (var i = 0; i < 100; i++) tail.Append($"line{i}");
        var text = tail.ToString();
        Assert.True(text.Length <= 10);
        Assert.EndsWith("line99\n", text);
    }
}
