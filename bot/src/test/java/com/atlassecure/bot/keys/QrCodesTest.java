package com.atlassecure.bot.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

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

    private static void roundTrip(String key) throws Exception {
        byte[] png = QrCodes.png(key);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        String decoded = new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(source)))
                .getText();
        assertThat(decoded).isEqualTo(key);
    }
}
