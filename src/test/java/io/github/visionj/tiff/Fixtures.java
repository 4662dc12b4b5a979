package io.github.visionj.tiff;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

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

	/**
	 * A TIFF made byte by byte, in a layout the JDK's writer does not produce: 16-bit samples, one
	 * Deflate strip per image (chunky) or per sample (planar), each row stored as differences
	 * from the pixel before (predictor 2).
	 *
	 * @param values sample s of pixel (x, y) at {@code (s * height + y) * width + x}
	 */
	static Path handmade(Path file, int width, int height, int samples, boolean planar, int[] values) throws IOException {
		int strips = planar ? samples : 1, perStrip = planar ? 1 : samples;
		List<byte[]> data = new ArrayList<>();
		for (int strip = 0; strip < strips; strip++) {
			ByteBuffer raw = ByteBuffer.allocate(width * height * perStrip * 2).order(ByteOrder.LITTLE_ENDIAN);
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++)
					for (int k = 0; k < perStrip; k++) {
						int s = planar ? strip : k;
						int v = values[(s * height + y) * width + x];
						int before = x == 0 ? 0 : values[(s * height + y) * width + x - 1];
						raw.putShort((short) (v - before));
					}
			Deflater deflater = new Deflater();
			deflater.setInput(raw.array());
			deflater.finish();
			byte[] buffer = new byte[raw.capacity() * 2 + 64];
			data.add(Arrays.copyOf(buffer, deflater.deflate(buffer)));
		}
		int[][] entries = { { 256, 4, 1, width }, { 257, 4, 1, height }, { 258, 3, samples, 16 }, { 259, 3, 1, 8 },
			{ 262, 3, 1, samples == 3 ? 2 : 1 }, { 273, 4, strips, -1 }, { 277, 3, 1, samples }, { 278, 4, 1, height },
			{ 279, 4, strips, -2 }, { 284, 3, 1, planar ? 2 : 1 }, { 317, 3, 1, 2 } };
		int dataEnd = 8 + data.stream().mapToInt(d -> d.length).sum();
		int ifd = dataEnd + (dataEnd & 1);
		int extra = ifd + 2 + entries.length * 12 + 4; // where values longer than 4 bytes go
		ByteBuffer out = ByteBuffer.allocate(extra + 3 * 4 * strips + 16).order(ByteOrder.LITTLE_ENDIAN);
		out.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
		for (byte[] d : data)
			out.put(d);
		out.position(ifd);
		out.putShort((short) entries.length);
		int offset = 8;
		for (int[] e : entries) {
			out.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
			int size = e[2] * (e[1] == 3 ? 2 : 4);
			int at = size > 4 ? extra : out.position();
			if (size > 4) {
				out.putInt(extra);
				extra += size;
			}
			int back = out.position();
			out.position(at);
			for (int i = 0; i < e[2]; i++) {
				int v = e[3] == -1 ? offset + lengthsBefore(data, i) : e[3] == -2 ? data.get(i).length : e[3];
				if (e[1] == 3) out.putShort((short) v);
				else out.putInt(v);
			}
			out.position(size > 4 ? back : at + 4);
		}
		out.putInt(0);
		Files.write(file, Arrays.copyOf(out.array(), extra));
		return file;
	}

	private static int lengthsBefore(List<byte[]> data, int i) {
		return data.subList(0, i).stream().mapToInt(d -> d.length).sum();
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
