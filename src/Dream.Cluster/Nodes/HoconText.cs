using System.Text;
using System.Text.RegularExpressions;
using Akka.Configuration;

namespace Dream.Cluster.Nodes;

/// <summary>
/// Reads a HOCON file for Akka.NET, doing first what Akka.NET's own parser does not: it resolves
/// <c>${NAME}</c> and <c>${?NAME}</c> from the environment (Akka.NET resolves substitutions only against the
/// document itself) and it rejects unbalanced braces, brackets and quotes (which Akka.NET's parser accepts
/// silently, dropping what follows). Both errors name the file and line, e.g.
/// <c>hocon/tls.conf: 23: Could not resolve substitution to a value: ${DREAM_TLS_KEYSTORE}</c>.
/// </summary>
public static partial class HoconText
{
    // Environment variables are upper case; ${a.b} paths are left to Akka.NET's parser.
    [GeneratedRegex(@"\$\{(\?)?([A-Z_][A-Z0-9_]*)\}")]
    private static partial Regex EnvSubstitution();

    [GeneratedRegex(@"^\s*[A-Za-z0-9_.""-]+\s*(=|:)?\s*\$\{\?[A-Z_][A-Z0-9_]*\}\s*(#.*|//.*)?$")]
    private static partial Regex OptionalOnlyAssignment();

    public static Config ParseFile(string path, IReadOnlyDictionary<string, string> env) =>
        Parse(File.ReadAllText(path), path, env);

    public static Config Parse(string text, string name, IReadOnlyDictionary<string, string> env)
    {
        var resolved = Substitute(text, name, env);
        CheckStructure(resolved, name);
        try
        {
            return ConfigurationFactory.ParseString(resolved);
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or InvalidOperationException)
        {
            throw new InfrastructureException($"{name}: {e.Message}", e);
        }
    }

    /// <summary>Environment substitutions replaced by quoted values; an optional one that is unset drops its line.</summary>
    public static string Substitute(string text, string name, IReadOnlyDictionary<string, string> env)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!line.Contains("${", StringComparison.Ordinal) || line.TrimStart().StartsWith('#')) continue;
            if (OptionalOnlyAssignment().IsMatch(line)
                && EnvSubstitution().Match(line) is { } only && !env.ContainsKey(only.Groups[2].Value))
            {
                // `key = ${?NAME}` with NAME unset: the key keeps the value given above it
                lines[i] = "# " + line;
                continue;
            }
            int lineNo = i + 1;
            lines[i] = EnvSubstitution().Replace(line, m =>
            {
                var var = m.Groups[2].Value;
                if (env.TryGetValue(var, out var value)) return Quote(value);
                if (m.Groups[1].Success) return "\"\"";
                throw new InfrastructureException($"{name}: {lineNo}: Could not resolve substitution to a value: ${{{var}}}");
            });
        }
        return string.Join('\n', lines);
    }

    public static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Braces, brackets and quotes balanced, outside strings and comments.</summary>
    public static void CheckStructure(string text, string name)
    {
        var open = new Stack<(char C, int Line)>();
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n') { line++; continue; }
            if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (c == '"')
            {
                int start = line;
                if (string.CompareOrdinal(text, i, "\"\"\"", 0, 3) == 0)
                {
                    int end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                    if (end < 0) throw new InfrastructureException($"{name}: {start}: a \"\"\" string is never closed");
                    line += text.AsSpan(i, end - i).Count('\n');
                    i = end + 2;
                    continue;
                }
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\n') throw new InfrastructureException($"{name}: {start}: a quoted string is not closed on its line");
                    if (text[i] == '\\') i++;
                    i++;
                }
                if (i >= text.Length) throw new InfrastructureException($"{name}: {start}: a quoted string is never closed");
                continue;
            }
            if (c is '{' or '[') open.Push((c, line));
            else if (c is '}' or ']')
            {
                char want = c == '}' ? '{' : '[';
                if (open.Count == 0 || open.Peek().C != want)
                    throw new InfrastructureException($"{name}: {line}: '{c}' closes nothing that is open");
                open.Pop();
            }
        }
        if (open.Count > 0)
        {
            var (c, at) = open.Peek();
            throw new InfrastructureException($"{name}: {at}: '{c}' is never closed (end of file at line {line})");
        }
    }
}
