package com.atlassecure.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassecure.bot.support.BotJourney;
import com.atlassecure.bot.support.EchoApi;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The subscription page in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium),
 * in English and Russian by the browser's own Accept-Language: it shows the state, the URL and the import buttons
 * without JavaScript, a screenshot of each language is saved under {@code target/screenshots/}, and its QR code,
 * read back from the rendered pixels by ZXing, is the subscription URL. Skipped without Chromium; failed under CI=true.
 */
class SubscriptionPageChromiumIT extends BotJourney {
    static final long CUSTOMER = 7007;
    static final String BASE = "https://sub.atlas.test";
    static final Pattern URL = Pattern.compile(Pattern.quote(BASE) + "/sub/([A-Za-z]{25})");
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

    @Override
    protected void prepare(Map<String, String> env) {
        api.script(EchoApi.script());
        env.put("SUBSCRIPTION_BASE_URL", BASE);
        env.put("SUBSCRIPTION_LISTEN", "127.0.0.1:0");
    }

    @BeforeEach
    void needsChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + DRIVER
                    + " is missing; .ci/run installs Debian's chromium and chromium-driver");
        }
        Assumptions.assumeTrue(
                present, "Chromium or chromedriver is missing: apt-get install chromium chromium-driver");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {"en | Active until | How to connect", "ru | Активна до | Как подключиться"})
    void thePageRendersInTheBrowsersLanguageAndItsQrCodeIsTheUrl(String lang, String status, String steps)
            throws Exception {
        String token = tokenOfCustomer();
        String url = BASE + "/sub/" + token;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=" + lang);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", lang));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().window().setSize(new Dimension(800, 1900));
            browser.get("http://127.0.0.1:" + bot.app.web().port() + "/sub/" + token);

            assertThat(browser.findElement(By.tagName("html")).getAttribute("lang"))
                    .isEqualTo(lang);
            assertThat(browser.findElement(By.id("status")).getText()).startsWith(status);
            assertThat(browser.findElement(By.tagName("body")).getText()).contains(steps);
            assertThat(browser.findElement(By.id("sub-url")).getAttribute("value"))
                    .isEqualTo(url);
            List<WebElement> imports = browser.findElements(By.cssSelector("a.import"));
            assertThat(imports)
                    .extracting(a -> a.getAttribute("data-app"))
                    .containsExactly("v2rayNG", "Hiddify", "Happ", "Streisand");
            assertThat(imports.get(1).getAttribute("href")).startsWith("hiddify://import/" + url);

            File shot = browser.getScreenshotAs(OutputType.FILE);
            Path saved = Path.of("target", "screenshots", "subscription-page-" + lang + ".png");
            Files.createDirectories(saved.getParent());
            Files.copy(shot.toPath(), saved, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(ImageIO.read(saved.toFile()).getHeight()).isGreaterThan(500);

            byte[] qr = browser.findElement(By.id("qr")).getScreenshotAs(OutputType.BYTES);
            assertThat(decode(ImageIO.read(new ByteArrayInputStream(qr)))).isEqualTo(url);
        } finally {
            browser.quit();
        }
    }

    private static String decode(BufferedImage image) throws Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(
                new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader()
                .decode(
                        bitmap,
                        Map.of(
                                DecodeHintType.TRY_HARDER,
                                Boolean.TRUE,
                                DecodeHintType.POSSIBLE_FORMATS,
                                List.of(BarcodeFormat.QR_CODE)))
                .getText();
    }

    private String tokenOfCustomer() {
        return TrialCustomer.token(telegram, CUSTOMER, URL, WAIT);
    }
}
