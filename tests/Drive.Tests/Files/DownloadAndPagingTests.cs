using Drive.Files.Data;
using Item = Drive.Files.Data.Item;
using Drive.Files.Errors;
using Drive.Files.Items;
using Drive.Files.Storage;

namespace Drive.Tests.Files;

public sealed class DownloadAndPagingTests
{
    [Theory]
    [InlineData("photo.jpg", "attachment; filename=\"photo.jpg\"; filename*=UTF-8''photo.jpg")]
    [InlineData("my \"best\" ñ.txt",
        "attachment; filename=\"my _best_ _.txt\"; filename*=UTF-8''my%20%22best%22%20%C3%B1.txt")]
    [InlineData("a\\b;c.pdf", "attachment; filename=\"a_b;c.pdf\"; filename*=UTF-8''a%5Cb%3Bc.pdf")]
    public void Content_disposition_has_an_ascii_fallback_and_the_utf8_name(string name, string expected) =>
        Assert.Equal(expected, ContentDisposition.Attachment(name));

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(1001, null, null)]
    [InlineData(null, "owner", null)]
    [InlineData(null, null, "not-a-token")]
    [InlineData(null, null, "e30")]
    public void Refuses_bad_paging_parameters(int? pageSize, string? orderBy, string? pageToken)
    {
        var parsed = ChildrenQuery.Parse(pageSize, pageToken, orderBy);

        Assert.IsType<InvalidInputError>(parsed.Error);
    }

    [Fact]
    public void Defaults_to_100_by_name()
    {
        var parsed = ChildrenQuery.Parse(null, null, null);

        Assert.Null(parsed.Error);
        Assert.Equal((100, "name", null), parsed.Value);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("modifiedAt")]
    [InlineData("size")]
    public void Page_tokens_round_trip_for_their_own_order_only(string orderBy)
    {
        var last = new Item { Id = Guid.NewGuid(), Kind = ItemKind.File, Name = "ünï/code", Size = 42,
            ModifiedAt = DateTimeOffset.UnixEpoch.AddDays(1) };

        var token = ChildrenQuery.Encode(orderBy, last);
        var parsed = ChildrenQuery.Parse(10, token, orderBy);
        var other = ChildrenQuery.Parse(10, token, orderBy == "name" ? "size" : "name");

        Assert.Null(parsed.Error);
        Assert.Equal(last.Id, parsed.Value.After!.I);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        Assert.IsType<InvalidInputError>(other.Error);
    }
}
