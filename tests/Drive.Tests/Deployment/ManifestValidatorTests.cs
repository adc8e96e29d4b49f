namespace Drive.Tests.Deployment;

/// <summary>
/// The validators the manifest tests rely on do reject bad objects: each case breaks one rule of the real schema,
/// and a control of the same shape passes, so a validator that accepts everything (or nothing) fails here.
/// </summary>
public sealed class ManifestValidatorTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: sample }
        spec:
          replicas: 2
          selector: { matchLabels: { app: sample } }
          template:
            metadata: { labels: { app: sample } }
            spec:
              containers:
                - { name: sample, image: "sample:1", readinessProbe: { httpGet: { path: /health, port: 8080 } } }
        """;

    private const string Autoscaler = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: { name: sample }
        spec:
          scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: sample }
          maxReplicas: 4
          metrics:
            - { type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } } }
        """;

    private const string ScaledObject = """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: { name: sample }
        spec:
          scaleTargetRef: { name: sample }
          triggers:
            - { type: rabbitmq, metadata: { queueName: sample, value: "10" }, authenticationRef: { name: sample } }
        """;

    private const string TriggerAuthentication = """
        apiVersion: keda.sh/v1alpha1
        kind: TriggerAuthentication
        metadata: { name: sample }
        spec:
          secretTargetRef:
            - { parameter: host, name: sample, key: rabbitmq }
        """;

    private const string Ingress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: { name: sample }
        spec:
          rules:
            - http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend: { service: { name: sample, port: { number: 8080 } } }
        """;

    public static TheoryData<string> Controls => [Deployment, Autoscaler, ScaledObject, TriggerAuthentication, Ingress];

    /// <summary>Case name, the broken document, and a piece of the error the schema must give.</summary>
    public static TheoryData<string, string, string> SchemaViolations => new()
    {
        { "replicas as text", Deployment.Replace("replicas: 2", "replicas: two"), "/spec/replicas must be integer" },
        { "container without a name", Deployment.Replace("name: sample, ", ""), "required property name" },
        { "probe port as a list", Deployment.Replace("port: 8080", "port: [8080]"), "/readinessProbe/httpGet/port" },
        { "autoscaler without a target", Without(Autoscaler, "  scaleTargetRef:"), "required property scaleTargetRef" },
        { "utilization as a percentage", Autoscaler.Replace("averageUtilization: 70", "averageUtilization: 70%"),
            "averageUtilization must be integer" },
        { "metric without a type", Autoscaler.Replace("type: Resource, ", ""), "required property type" },
        { "scaled object without a target", Without(ScaledObject, "  scaleTargetRef:"),
            "required property scaleTargetRef" },
        { "trigger without a type", ScaledObject.Replace("type: rabbitmq, ", ""), "required property type" },
        {
            "secret reference without a key", TriggerAuthentication.Replace(", key: rabbitmq", ""),
            "required property key"
        },
        { "path type not in the enum", Ingress.Replace("pathType: Prefix", "pathType: Prefixed"), "allowed values" },
        { "a kind no schema knows", Deployment.Replace("kind: Deployment", "kind: Deploymnet"), "no schema for" },
    };

    /// <summary>Case, document and misspelled field: the OpenAPI schemas pass these, the strict reader not.</summary>
    public static TheoryData<string, string, string> MisspelledFields => new()
    {
        { "spec field", Deployment.Replace("replicas: 2", "replcas: 2"), "replcas" },
        { "container field", Deployment.Replace("readinessProbe:", "readinesProbe:"), "readinesProbe" },
        { "autoscaler field", Autoscaler.Replace("metrics:", "metric:"), "metric" },
        { "ingress field", Ingress.Replace("path: /", "paht: /"), "paht" },
    };

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Schema_validator_accepts_the_unbroken_objects(string yaml)
    {
        var document = Assert.Single((await SchemaValidator.ValidateTextAsync(yaml, CancellationToken.None)).Documents);

        Assert.True(document.Errors.Count == 0, document.Describe());
        Assert.True(!StrictFieldReader.Knows(document) || StrictFieldReader.Problem(document) is null);
    }

    [Theory]
    [MemberData(nameof(SchemaViolations))]
    public async Task Schema_validator_rejects_an_object_that_breaks_its_schema(string name, string yaml, string error)
    {
        var document = Assert.Single((await SchemaValidator.ValidateTextAsync(yaml, CancellationToken.None)).Documents);

        Assert.True(document.Errors.Count > 0, $"The case '{name}' passed the schema.");
        Assert.Contains(document.Errors, e => e.Contains(error, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MisspelledFields))]
    public async Task Strict_reader_rejects_a_misspelled_field(string name, string yaml, string field)
    {
        var document = Assert.Single((await SchemaValidator.ValidateTextAsync(yaml, CancellationToken.None)).Documents);
        Assert.True(document.Errors.Count == 0, $"'{name}' should pass the OpenAPI schema: {document.Describe()}");

        Assert.True(StrictFieldReader.Knows(document));
        Assert.Contains($"'{field}'", StrictFieldReader.Problem(document));
    }

    private static string Without(string yaml, string line) =>
        string.Join('\n', yaml.Split('\n').Where(l => !l.StartsWith(line, StringComparison.Ordinal)));
}
