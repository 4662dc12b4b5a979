package io.github.visionj.tiff;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import io.github.visionj.image.AxisImage;
import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;

/** TIFF files written in the test by Java's TIFF writers, and helpers to compare pixels. */
final class Fixtures {

	private Fixtures() {}

	/** A 16-bit grey image of a gradient with noise, so that any misplaced pixel shows. */
	static BufferedImage random16(int width, int height, long seed) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
		WritableRaster r = image.getRaster();
		Random random = new Random(seed);
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				r.setSample(x, y, 0, (x * 7 + y * 13 + random.nextInt(256)) % 65536);
		return image;
	}

	/**
	 * Writes {@code image} with the JDK's TIFF writer with the given compression ("None" for none),
	 * in tiles of {@code tile} pixels when {@code tile} is above 0, else in strips of about 8 kB.
	 */
	static Path write(BufferedImage image, Path file, String compression, int tile) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
		ImageWriteParam param = writer.getDefaultWriteParam();
		if (tile > 0) {
			param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
			param.setTiling(tile, tile, 0, 0);
		}
		if (compression.equals("None")) param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
		else {
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionType(compression);
		}
		Files.deleteIfExists(file);
		try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
			writer.setOutput(out);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
		return file;
	}

	/** The value at (x, y, c) of an image with axes X, Y[, C]. */
	static double at(AxisImage<?> image, int x, int y, int c) {
		RandomAccess<? extends RealType<?>> a = image.data().randomAccess();
		a.setPosition(x, 0);
		a.setPosition(y, 1);
		if (image.data().numDimensions() > 2) a.setPosition(c, 2);
		return a.get().getRealDouble();
	}
}
