using System.Net;
using Orchestrator.Grains.Handlers.Http;

namespace Orchestrator.Tests.Handlers;

public sealed class NetworkGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.5.6.7", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("93.184.216.34", false)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("::ffff:8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void IsPrivate_ClassifiesAddresses(string address, bool expected) =>
        Assert.Equal(expected, NetworkGuard.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://localhost/x", true)]
    [InlineData("http://api.localhost/x", true)]
    [InlineData("http://LOCALHOST:8080/", true)]
    [InlineData("http://localhost./", true)]
    [InlineData("http://127.0.0.1./", true)]
    [InlineData("http://[::1]:80/", true)]
    [InlineData("http://10.0.0.5/hook", true)]
    [InlineData("https://example.com/hook", false)]
    [InlineData("https://8.8.8.8/", false)]
    public void IsPrivateHost_ChecksLiteralHostsWithoutDns(string url, bool expected) =>
        Assert.Equal(expected, NetworkGuard.IsPrivateHost(new Uri(url)));
}
