using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dream.Cli.Commands;
using Dream.Cluster.Http;

namespace Dream.Cli.Ctl;

/// <summary>
/// <c>dream ctl</c>'s side of a node's management endpoint. Every way of not getting an answer becomes a
/// <see cref="CommandFailure"/> with the contract's status: 3 when the endpoint or the cluster behind it does not
/// answer, 2 when the request itself is wrong (an unknown run or member, a refused change).
/// </summary>
public sealed class CtlClient : IDisposable
{
    public const string ReadOnly = "the node at {0} refuses changes: its management routes are read-only. To allow leave and down, "
        + "start that node with dream.management.read-only = off in a --hocon file (and keep "
        + "akka.management.http.hostname on loopback or behind a firewall: the routes have no authentication)";

    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public CtlClient(Uri endpoint) => Endpoint = endpoint;

    public Uri Endpoint { get; }

    /// <summary>The body of a GET answered with 200.</summary>
    public string Get(string path) => ExpectOk(Send(new HttpRequestMessage(HttpMethod.Get, UriOf(path))), path);

    public JsonNode GetJson(string path) => ReadTree(Get(path));

    /// <summary>The body read as one of the <see cref="Views"/> records.</summary>
    public T GetView<T>(string path) where T : class => View<T>(Get(path), path);

    public T View<T>(string body, string path) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Views.Json)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new CommandFailure(ExitCodes.Infrastructure, $"{Base}{path} answered something that is not a Dream {typeof(T).Name}: {e.Message}");
        }
    }

    /// <summary>PUT /cluster/members/{node} with <paramref name="operation"/>; the node's message on success.</summary>
    public string MemberOperation(string node, string operation)
    {
        // HOST:PORT and SYSTEM@HOST:PORT name the member by its full address (Akka.NET's HostPort() is SYSTEM@HOST:PORT,
        // so a bare HOST:PORT matched no member); the routes match it whatever its protocol (akka.ssl.tcp under TLS).
        if (!node.Contains("://", StringComparison.Ordinal))
            node = "akka.tcp://" + (node.Contains('@', StringComparison.Ordinal) ? node : Dream.Cluster.Nodes.NodeConfig.SystemName + "@" + node);
        var path = "/cluster/members/" + Uri.EscapeDataString(node);
        var request = new HttpRequestMessage(HttpMethod.Put, UriOf(path))
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("operation", operation)]),
        };
        var (status, body) = Send(request);
        if (status == HttpStatusCode.MethodNotAllowed) throw new CommandFailure(ExitCodes.Usage, string.Format(ReadOnly, Endpoint));
        if (status == HttpStatusCode.NotFound)
            throw new CommandFailure(ExitCodes.Usage, $"no member {node} in the cluster; dream ctl members lists them");
        var answer = ReadTree(ExpectOk((status, body), path));
        return answer["message"]?.GetValue<string>() ?? answer.ToJsonString();
    }

    private string Base => Endpoint.ToString().TrimEnd('/');

    private Uri UriOf(string path) => new(Base + path);

    private (HttpStatusCode Status, string Body) Send(HttpRequestMessage request)
    {
        try
        {
            using var response = _http.Send(request);
            using var reader = new StreamReader(response.Content.ReadAsStream());
            return (response.StatusCode, reader.ReadToEnd());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            var why = e switch
            {
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "connection refused",
                TaskCanceledException => "no answer in time",
                _ => e.Message,
            };
            throw new CommandFailure(ExitCodes.Infrastructure, $"cannot reach the management endpoint {Endpoint} ({why}); "
                + "is a dream node or dream run running there? Name another with --endpoint URL", e);
        }
    }

    private string ExpectOk((HttpStatusCode Status, string Body) r, string path)
    {
        if (r.Status == HttpStatusCode.OK) return r.Body;
        var error = ErrorOf(r.Body);
        if (r.Status == HttpStatusCode.NotFound)
            throw new CommandFailure(ExitCodes.Usage, error ?? $"{Base}{path} does not exist (is this a Dream node?)");
        throw new CommandFailure(ExitCodes.Infrastructure, $"{Base}{path} answered {(int)r.Status}{(error != null ? ": " + error : "")}");
    }

    private static string? ErrorOf(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private JsonNode ReadTree(string body)
    {
        try
        {
            return JsonNode.Parse(body) ?? throw new JsonException("empty body");
        }
        catch (JsonException e)
        {
            throw new CommandFailure(ExitCodes.Infrastructure, $"{Endpoint} answered something that is not JSON: {e.Message}");
        }
    }

    /// <summary>Pretty JSON for --json.</summary>
    public static string Pretty(string body)
    {
        try
        {
            return JsonNode.Parse(body)?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    public void Dispose() => _http.Dispose();
}
