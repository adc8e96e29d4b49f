using System.Net;
using System.Net.Http.Json;
using System.Text;
using Item = Drive.Client.Item;

namespace Drive.Tests.EndToEnd;

/// <summary>Bodies and query strings that cannot be read get a 400 problem that says so, never a bare 500.</summary>
[Collection(DriveCollection.Name)]
public sealed class MalformedInputTests(DriveAppFixture drive)
{
    public static TheoryData<string> BadFolderBodies() =>
    [
        """{"name":123}""",
        """{"parentId":"not-a-guid","name":"x"}""",
        """{"name":"trunc""",
        new string('[', 100_000),
        """{"name":"lone \ud800 surrogate"}""",
        """{"name":"bidi \u202E override"}""",
        """{"name":"c1 \u0085 control"}""",
    ];

    [Theory]
    [MemberData(nameof(BadFolderBodies))]
    public async Task A_malformed_folder_body_is_a_400_with_a_detail(string body)
    {
        var (client, root, ct) = await drive.SignedInAsync();

        var response = await client.Api.PostAsync("/api/folders", Json(body), ct);

        await AssertBadRequestAsync(response);
        Assert.Empty((await client.ListChildrenAsync(root.Id, ct)).Items);
    }

    public static TheoryData<string> BadUploadBodies() =>
    [
        """{"name":"a.bin","size":1.5}""",
        """{"name":"a.bin","size":1e23}""",
        """{"name":"lone \udc00.bin","size":1}""",
        """{"name":"zero\u200bwidth.bin","size":1}""",
        """{"name":"a.bin","size":1,"sha256":"xyz"}""",
        """{"name":"a.bin","size":1,"parentId":"not-a-guid"}""",
        new string('[', 100_000),
    ];

    [Theory]
    [MemberData(nameof(BadUploadBodies))]
    public async Task A_malformed_upload_body_is_a_400_with_a_detail(string body)
    {
        var (client, _, ct) = await drive.SignedInAsync();

        await AssertBadRequestAsync(await client.Api.PostAsync("/api/uploads", Json(body), ct));
    }

    [Theory]
    [InlineData("""{"name":7}""")]
    [InlineData("""{"parentId":"not-a-guid"}""")]
    [InlineData("""{"name":"x""")]
    [InlineData("""{"name":"lone \ud800"}""")]
    [InlineData("""{"name":"isolate \u2067 here"}""")]
    [InlineData("""{"name":"\ufeffbom"}""")]
    public async Task A_malformed_patch_is_a_400_with_a_detail(string body)
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var folder = await client.CreateFolderAsync(root.Id, "target", ct);

        var response = await client.Api.PatchAsync($"/api/items/{folder.Id}", Json(body), ct);

        await AssertBadRequestAsync(response);
        Assert.Equal("target", (await client.GetItemAsync(folder.Id, ct)).Name);
    }

    [Theory]
    [InlineData("?pageSize=abc")]
    [InlineData("?pageSize=99999999999999")]
    [InlineData("?pageSize=1.5")]
    [InlineData("?pageSize=0")]
    [InlineData("?orderBy=owner")]
    [InlineData("?pageToken=%00%00")]
    public async Task A_bad_paging_query_is_a_400_with_a_detail(string query)
    {
        var (client, root, ct) = await drive.SignedInAsync();

        await AssertBadRequestAsync(await client.Api.GetAsync($"/api/folders/{root.Id}/children{query}", ct));
    }

    [Theory]
    [InlineData("""{"O":"name","K":0,"N":"a\u0000b","I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    [InlineData("""{"O":"name","K":0,"N":"\ud800","I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    [InlineData("""{"O":"modifiedAt","K":0,"M":"2026-01-01T00:00:00+05:00","I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    [InlineData("""{"O":"size","K":9,"S":1,"I":"0195e2b4-8f3e-7c3a-9b1e-3f1f2a6b7c8d"}""")]
    public async Task A_forged_page_token_is_a_400_with_a_detail(string json)
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var order = json[6..json.IndexOf('"', 6)];
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var response = await client.Api.GetAsync(
            $"/api/folders/{root.Id}/children?orderBy={order}&pageToken={token}", ct);

        await AssertBadRequestAsync(response);
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail), "a 400 must say what to fix");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
