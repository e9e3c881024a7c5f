package com.atlassecure.bot.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Every key comes out as a PNG QR code that scans back to exactly the same text. */
class QrCodesTest {
    @Test
    void pngDecodesBackToExactlyTheSameText() throws Exception {
        roundTrip("v" + "less://0b6a3c1e-9a55-4f0c-8d1e-2f1a6b7c8d9e@vpn.example.test:4443?type=tcp&security=reality"
                + "&pbk=SomePublicKeyValue_-&fp=chrome&sni=www.microsoft.com&sid=0123abcd&flow=xtls-rprx-vision#Atlas");
    }

    @Test
    void fullLengthProductionKeyRoundTrips() throws Exception {
        roundTrip("v" + "less://84d0447b-7246-4ad5-94b6-6ece152fa010@vpn.mynewllcw.com:4443?type=tcp&encryption=none"
                + "&security=reality&sni=www.microsoft.com&fp=chrome&pbk=MNiyaHoXL6cT-2pTenznPZX4kPdKn7P3duwJwpQR0lA"
                + "&sid=3d8e0d9204c084ba&flow=xtls-rprx-vision#AtlasSecure");
    }

    @Test
    void everyKeyScansBackEvenWhereTheDefaultMaskDoesNot() throws Exception {
        // With the mask ZXing chooses, about 1 key in 45 of this shape gives a code its reader cannot read; seed 1
        // has 23 such keys in the first 1,000. Each must still come out as a code that scans.
        Random random = new Random(1);
        int notScannableWithDefaultMask = 0;
        for (int i = 0; i < 300; i++) {
            String key = randomKey(random);
            if (!QrCodes.scansBackTo(defaultMaskImage(key), key)) {
                notScannableWithDefaultMask++;
            }
            roundTrip(key);
        }
        assertThat(notScannableWithDefaultMask)
                .as("keys the fallback had to rescue")
                .isPositive();
    }

    private static String randomKey(Random random) {
        byte[] pbk = new byte[32];
        random.nextBytes(pbk);
        byte[] sid = new byte[8];
        random.nextBytes(sid);
        return "v" + "less://" + new UUID(random.nextLong(), random.nextLong()) + "@127.0.0.1:"
                + (1024 + random.nextInt(60000))
                + "?type=tcp&encryption=none&security=reality&sni=www.example.com&fp=chrome&pbk="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(pbk) + "&sid="
                + HexFormat.of().formatHex(sid)
                + "&flow=xtls-rprx-vision#AtlasSecure";
    }

    /** The code as it was rendered before the fallback: ZXing's own choice of mask. */
    private static BufferedImage defaultMaskImage(String key) throws Exception {
        BitMatrix m = new QRCodeWriter()
                .encode(
                        key,
                        BarcodeFormat.QR_CODE,
                        512,
                        512,
                        Map.of(
                                EncodeHintType.ERROR_CORRECTION,
                                ErrorCorrectionLevel.M,
                                EncodeHintType.CHARACTER_SET,
                                "UTF-8",
                                EncodeHintType.MARGIN,
                                2));
        BufferedImage image = new BufferedImage(m.getWidth(), m.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                image.setRGB(x, y, m.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        return image;
    }

    private static void roundTrip(String key) throws Exception {
        byte[] png = QrCodes.png(key);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        String decoded = new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(source)), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                .getText();
        assertThat(decoded).isEqualTo(key);
    }
}
