using System.Text;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Drive.Tests.Deployment;

/// <summary>
/// One of the container app templates azd deploys a service with (<c>src/Drive.AppHost/infra/NAME.tmpl.yaml</c>).
/// azd fills the Go template actions (<c>{{ ... }}</c>) and sends the YAML to Azure; here every action is replaced
/// by a stand-in and the YAML is read into the shape below, which fails on any key the shape does not know.
/// </summary>
public sealed class ContainerAppTemplate
{
    /// <summary>What every template action becomes before the YAML is read.</summary>
    public const string StandIn = "rendered";

    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    private ContainerAppTemplate(string name, ContainerAppSpec spec, IReadOnlyList<string> actions)
    {
        Name = name;
        Spec = spec;
        Actions = actions;
    }

    /// <summary>The service the template is for.</summary>
    public string Name { get; }

    /// <summary>The container app as the template describes it.</summary>
    public ContainerAppSpec Spec { get; }

    /// <summary>The text inside every <c>{{ ... }}</c> of the template, trimmed.</summary>
    public IReadOnlyList<string> Actions { get; }

    /// <summary>The only container of the app.</summary>
    public ContainerSpec Container => Assert.Single(Spec.Properties.Template.Containers);

    /// <summary>The app's secrets by name.</summary>
    public IReadOnlyDictionary<string, string> Secrets =>
        Spec.Properties.Configuration.Secrets.ToDictionary(secret => secret.Name, secret => secret.Value);

    /// <summary>The folder azd looks in for a service's template: <c>infra</c> beside the AppHost project.</summary>
    public static string Folder => Path.Combine(Repository.Root, "src", "Drive.AppHost", "infra");

    /// <summary>Reads the template of <paramref name="name"/>.</summary>
    public static ContainerAppTemplate Load(string name)
    {
        var path = Path.Combine(Folder, name + ".tmpl.yaml");
        Assert.True(File.Exists(path), $"{name} has no template at {path}; azd would deploy it with its defaults.");

        var (yaml, actions) = ReplaceActions(File.ReadAllText(path));
        return new ContainerAppTemplate(name, Reader.Deserialize<ContainerAppSpec>(yaml), actions);
    }

    private static (string Yaml, List<string> Actions) ReplaceActions(string template)
    {
        var yaml = new StringBuilder();
        var actions = new List<string>();
        var position = 0;
        while (template.IndexOf("{{", position, StringComparison.Ordinal) is var start and >= 0)
        {
            var end = template.IndexOf("}}", start, StringComparison.Ordinal);
            Assert.True(end > start, $"an action opened at character {start} is never closed");

            actions.Add(template[(start + 2)..end].Trim());
            yaml.Append(template, position, start - position).Append(StandIn);
            position = end + 2;
        }

        yaml.Append(template, position, template.Length - position);
        return (yaml.ToString(), actions);
    }
}

/// <summary>
/// A Container Apps resource as azd's YAML template spells it; the records below are made only by the YAML reader.
/// </summary>
public sealed record ContainerAppSpec
{
    [YamlMember(Alias = "api-version", ApplyNamingConventions = false)]
    public string ApiVersion { get; init; } = "";

    public string Location { get; init; } = "";

    public IdentitySpec Identity { get; init; } = new();

    public AppPropertiesSpec Properties { get; init; } = new();

    public Dictionary<string, string> Tags { get; init; } = [];
}

public sealed record IdentitySpec
{
    public string Type { get; init; } = "";

    public Dictionary<string, Dictionary<string, string>> UserAssignedIdentities { get; init; } = [];
}

public sealed record AppPropertiesSpec
{
    public string EnvironmentId { get; init; } = "";

    public ConfigurationSpec Configuration { get; init; } = new();

    public TemplateSpec Template { get; init; } = new();
}

public sealed record ConfigurationSpec
{
    public string ActiveRevisionsMode { get; init; } = "";

    public RuntimeSpec? Runtime { get; init; }

    public IngressSpec? Ingress { get; init; }

    public List<RegistrySpec> Registries { get; init; } = [];

    public List<SecretSpec> Secrets { get; init; } = [];
}

public sealed record RuntimeSpec
{
    public DotnetRuntimeSpec? Dotnet { get; init; }
}

public sealed record DotnetRuntimeSpec
{
    public bool AutoConfigureDataProtection { get; init; }
}

public sealed record IngressSpec
{
    public bool External { get; init; }

    public string TargetPort { get; init; } = "";

    public string Transport { get; init; } = "";

    public bool AllowInsecure { get; init; }
}

public sealed record RegistrySpec
{
    public string Server { get; init; } = "";

    public string Identity { get; init; } = "";
}

public sealed record SecretSpec
{
    public string Name { get; init; } = "";

    public string Value { get; init; } = "";
}

public sealed record TemplateSpec
{
    public List<ContainerSpec> Containers { get; init; } = [];

    public ScaleSpec Scale { get; init; } = new();
}

public sealed record ContainerSpec
{
    public string Image { get; init; } = "";

    public string Name { get; init; } = "";

    public ResourcesSpec? Resources { get; init; }

    public List<ProbeSpec> Probes { get; init; } = [];

    public List<EnvironmentVariableSpec> Env { get; init; } = [];
}

public sealed record ResourcesSpec
{
    public double Cpu { get; init; }

    public string Memory { get; init; } = "";
}

public sealed record ProbeSpec
{
    public string Type { get; init; } = "";

    public HttpGetSpec? HttpGet { get; init; }

    public int InitialDelaySeconds { get; init; }

    public int PeriodSeconds { get; init; }

    public int FailureThreshold { get; init; }
}

public sealed record HttpGetSpec
{
    public string Path { get; init; } = "";

    public string Port { get; init; } = "";
}

public sealed record EnvironmentVariableSpec
{
    public string Name { get; init; } = "";

    public string? Value { get; init; }

    public string? SecretRef { get; init; }
}

public sealed record ScaleSpec
{
    public int MinReplicas { get; init; }

    public int MaxReplicas { get; init; }

    public List<ScaleRuleSpec> Rules { get; init; } = [];
}

public sealed record ScaleRuleSpec
{
    public string Name { get; init; } = "";

    public HttpScaleRuleSpec? Http { get; init; }

    public CustomScaleRuleSpec? Custom { get; init; }
}

public sealed record HttpScaleRuleSpec
{
    public Dictionary<string, string> Metadata { get; init; } = [];
}

public sealed record CustomScaleRuleSpec
{
    public string Type { get; init; } = "";

    public Dictionary<string, string> Metadata { get; init; } = [];

    public List<ScaleRuleAuthSpec> Auth { get; init; } = [];
}

public sealed record ScaleRuleAuthSpec
{
    public string SecretRef { get; init; } = "";

    public string TriggerParameter { get; init; } = "";
}
