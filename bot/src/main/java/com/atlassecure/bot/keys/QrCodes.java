package com.atlassecure.bot.keys;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Renders a key as a QR code PNG (ZXing) that VPN apps scan, and sends only codes that ZXing's own reader scans
 * back to the same text. About 2% of real keys came out, with the mask ZXing picks, as codes its reader could not
 * find or read; another of the 8 masks always could. Stateless and thread-safe.
 */
public final class QrCodes {
    private static final int SIZE = 512;
    private static final int MASK_PATTERNS = 8;

    private QrCodes() {}

    public static byte[] png(String content) {
        BufferedImage image = render(content, null);
        for (int mask = 0; !scansBackTo(image, content); mask++) {
            if (mask == MASK_PATTERNS) {
                throw new IllegalStateException("no mask pattern gives a QR code that scans back for content of "
                        + content.length() + " chars");
            }
            image = render(content, mask);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    /** The code as black and white pixels; {@code mask} null lets ZXing choose by its penalty rules. */
    private static BufferedImage render(String content, Integer mask) {
        Map<EncodeHintType, Object> hints = new HashMap<>();
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
        hints.put(EncodeHintType.MARGIN, 2);
        if (mask != null) {
            hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
        }
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, SIZE, SIZE, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("content of " + content.length() + " chars does not fit a QR code", e);
        }
        BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x, y) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        return image;
    }

    /** Reads the code from its pixels alone, as a camera app would, and compares the text. */
    static boolean scansBackTo(BufferedImage image, String content) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        try {
            return content.equals(new QRCodeReader()
                    .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                    .getText());
        } catch (ReaderException e) {
            return false;
        }
    }
}
