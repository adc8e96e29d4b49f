using System.Security.Cryptography;
using Drive.Tests.EndToEnd;
using Microsoft.Playwright;

namespace Drive.Tests.Browser;

/// <summary>A person in Chromium signs up, uploads a photo with the page's own file input, sees it and gets it back.</summary>
[Collection(DriveCollection.Name)]
public sealed class WebFrontEndTests(DriveAppFixture drive)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
    ];

    [Fact]
    public async Task Sign_up_upload_a_photo_see_its_thumbnail_and_download_it()
    {
        // 1. Sign up, which signs in.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var (page, console) = await SignedUpPageAsync(browser);
        var thumbnailAnswers = new List<IResponse>();
        page.Response += (_, response) =>
        {
            if (new Uri(response.Url).AbsolutePath.StartsWith("/media/thumbnails/", StringComparison.Ordinal))
            {
                thumbnailAnswers.Add(response);
            }
        };

        // 2. Upload a photo through the page's own file input.
        var photo = Corpus.Photos(3)[2];
        await page.Locator("#file-input").SetInputFilesAsync(photo.FullName);
        var item = page.Locator($"[data-testid=item][data-name=\"{photo.Name}\"]");
        try
        {
            await item.WaitForAsync();
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "drive-browser-failure.png") });
            Assert.Fail($"the uploaded photo never appeared; the page said:\n{string.Join('\n', console)}");
        }

        // 3. Its thumbnail appears.
        var thumbnail = item.Locator("[data-testid=thumbnail]");
        await thumbnail.WaitForAsync(new() { Timeout = 60_000 });
        Assert.True(await thumbnail.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        Assert.NotEmpty(thumbnailAnswers);
        foreach (var answer in thumbnailAnswers)
        {
            Assert.Equal(200, answer.Status);
            Assert.StartsWith("public, max-age=", (await answer.AllHeadersAsync())["cache-control"], StringComparison.Ordinal);
        }

        // 4. Download gives back the same bytes.
        await AssertDownloadsAsync(item, photo.Name, photo.FullName);
    }

    [Fact]
    public async Task Upload_a_new_version_of_a_photo_from_its_actions()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var (page, _) = await SignedUpPageAsync(browser);
        var (photo, other) = (Corpus.Photos(5)[3], Corpus.Photos(5)[4]);
        await page.Locator("#file-input").SetInputFilesAsync(photo.FullName);
        var item = page.Locator($"[data-testid=item][data-name=\"{photo.Name}\"]");
        await item.Locator("[data-testid=thumbnail]").WaitForAsync(new() { Timeout = 60_000 });
        var firstThumbnail = await item.Locator("[data-testid=thumbnail]").GetAttributeAsync("src");

        // The file's "Upload new version" action opens the file picker; the chosen file becomes its content.
        var chooser = await page.RunAndWaitForFileChooserAsync(
            () => item.Locator("[data-testid=new-version]").ClickAsync());
        Assert.False(chooser.IsMultiple);
        await chooser.SetFilesAsync(other.FullName);

        // The same item (same name) gets a new thumbnail, from another URL, and downloads as the new bytes.
        var thumbnail = item.Locator("[data-testid=thumbnail]");
        await page.WaitForFunctionAsync(
            "([id, old]) => { const img = document.querySelector(`[data-id=\"${id}\"] [data-testid=thumbnail]`);"
                + " return img && img.complete && img.naturalWidth > 0 && img.getAttribute('src') !== old; }",
            new object?[] { await item.GetAttributeAsync("data-id"), firstThumbnail },
            new() { Timeout = 90_000 });
        Assert.Equal(1, await page.Locator($"[data-testid=item][data-name=\"{photo.Name}\"]").CountAsync());
        Assert.NotEqual(firstThumbnail, await thumbnail.GetAttributeAsync("src"));
        await AssertDownloadsAsync(item, photo.Name, other.FullName);
    }

    /// <summary>Downloads the item through its action and checks the name and the bytes.</summary>
    private static async Task AssertDownloadsAsync(ILocator item, string name, string expectedContentPath)
    {
        var download = await item.Page.RunAndWaitForDownloadAsync(
            () => item.Locator("[data-testid=download]").ClickAsync());
        var saved = Path.Combine(Path.GetTempPath(), $"drive-download-{Guid.NewGuid():N}");
        await download.SaveAsAsync(saved);
        try
        {
            Assert.Equal(name, download.SuggestedFilename);
            var expected = SHA256.HashData(File.ReadAllBytes(expectedContentPath));
            Assert.Equal(expected, SHA256.HashData(File.ReadAllBytes(saved)));
        }
        finally
        {
            File.Delete(saved);
        }
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(ChromiumPath), "Chromium is installed by ./drive test");
        return playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Args = ChromiumArguments });
    }

    /// <summary>A new page in its own context, signed up as a new user and showing their drive.</summary>
    private async Task<(IPage Page, List<string> Console)> SignedUpPageAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(
            new() { BaseURL = drive.PublicAddress.ToString(), AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.RequestFailed += (_, request) => console.Add($"failed: {request.Method} {request.Url} {request.Failure}");

        await page.GotoAsync("/signup");
        await SignUpAsync(page, $"browser-{Guid.NewGuid():N}@example.test");
        return (page, console);
    }

    private static async Task SignUpAsync(IPage page, string email)
    {
        await page.Locator("#signup-email").FillAsync(email);
        await page.Locator("#signup-name").FillAsync("Browser User");
        await page.Locator("#signup-password").FillAsync("a long enough password");
        await page.Locator("#signup-submit").ClickAsync();

        // Signing up signs the person in and opens their drive.
        await page.Locator("#file-input").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }
}
