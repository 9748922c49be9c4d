using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.RateLimits;

/// <summary>A redis-server of the test's own on a free loopback port, so the test can kill it and start it again.</summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private Process? _process;

    private RedisProcess(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess(FreePort.Next());
        await redis.RestartAsync();
        return redis;
    }

    /// <summary>Starts the server (again, on the same port) and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server", ["--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.Until(PingAsync, up => up, $"redis-server on port {Port} answers PING");
    }

    /// <summary>Kills the server the hard way, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
