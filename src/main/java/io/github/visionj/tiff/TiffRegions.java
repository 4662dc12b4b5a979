package io.github.visionj.tiff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

import io.github.visionj.VisionJException;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.Calibration;
import io.github.visionj.image.RegionSource;
import net.imglib2.img.array.ArrayImgs;

/**
 * A TIFF or BigTIFF file read one rectangle of one plane at a time: only the strips or tiles that
 * the rectangle touches are read and decoded ({@link TiffPage}). Striped or tiled; uncompressed,
 * LZW, Deflate or PackBits; 8- or 16-bit unsigned or 32-bit float samples, chunky or planar.
 * Channels are the samples of a pixel (RGB) times the pages that ImageJ's hyperstack description
 * names as channels; pages are in ImageJ's order (channel fastest, then slice, then frame). A
 * multi-page file without ImageJ's description is a stack of slices. The calibration comes from
 * the resolution tags and ImageJ's {@code unit=}, {@code spacing=}, {@code finterval=} and
 * {@code tunit=}.
 * <p>
 * The image file directories are parsed here too ({@link TiffDirectory}), with no TIFF library:
 * TwelveMonkeys' TIFF reader (3.14) decodes every strip or tile above a source region, and its
 * jars replace the JDK's ImageIO stream providers for every plugin in Fiji. Reads are serialised:
 * one file has one stream.
 */
public final class TiffRegions implements RegionSource, AutoCloseable {

	private static final int PALETTE = 3, UNSIGNED = 1, FLOAT = 3;

	private final Path path;
	private final ImageInputStream in;
	private final List<TiffPage> pages = new ArrayList<>();
	private final int width, height, samples, pageChannels, slices, frames, bits;
	private final Calibration calibration;

	/**
	 * Opens the file and reads its directories (not its pixels).
	 *
	 * @throws VisionJException when the file is missing, not a TIFF, or holds samples VisionJ cannot read
	 */
	public TiffRegions(Path path) {
		this(path, open(path));
	}

	/** Reads from {@code in}, which this closes; {@code path} names the file in messages. */
	TiffRegions(Path path, ImageInputStream in) {
		this.path = path;
		this.in = in;
		try {
			for (TiffDirectory directory : TiffDirectory.readAll(in)) // sets the stream's byte order
				pages.add(new TiffPage(directory, in.getByteOrder()));
			TiffPage first = pages.get(0);
			width = first.width;
			height = first.height;
			samples = first.samples;
			Map<String, String> imagej = imageJDescription(first.tags);
			bits = bits(first.tags, imagej != null);
			int images = imagej == null ? pages.size() : (int) value(imagej, "images", 1);
			int c = (int) value(imagej, "channels", 1), z = (int) value(imagej, "slices", 1), t = (int) value(imagej, "frames", 1);
			if ((long) c * z * t != images) {
				c = 1;
				z = images;
				t = 1;
			}
			pageChannels = c;
			slices = z;
			frames = t;
			String problem = first.unsupported();
			if (problem != null) throw refuse(problem + "; open it in Fiji and save it as TIFF");
			// ImageJ saves stacks over 4 GB with the first directory only: the images follow each other.
			if (images > pages.size() && pages.size() == 1 && first.contiguous()) for (int i = 1; i < images; i++)
				pages.add(first.next(i));
			if (images > pages.size()) throw refuse("says it holds " + images + " images but has " + pages.size() +
				"; check that the file is complete");
			for (int p = 1; p < images; p++) {
				TiffPage page = pages.get(p);
				problem = page.unsupported();
				if (problem != null) throw refuse("page " + (p + 1) + " " + problem + "; open it in Fiji and save it as TIFF");
				if (page.width != width || page.height != height || page.samples != samples || page.bytes != first.bytes)
					throw refuse("has pages of different sizes or types (page " + (p + 1) + " is " + page.width + "×" + page.height +
						", the first " + width + "×" + height + "); save each plane size as a file of its own");
			}
			calibration = calibration(first.tags, imagej);
		}
		catch (IOException | RuntimeException e) {
			close();
			if (e instanceof VisionJException v) throw v;
			throw new VisionJException("Cannot read the TIFF file " + path + " (" + e.getMessage() +
				"); check that it is a complete TIFF or BigTIFF file, or open it in Fiji and run on the open image.", e);
		}
	}

	private static ImageInputStream open(Path path) {
		if (!Files.isRegularFile(path)) throw new VisionJException("The file " + path + " does not exist; check the path.");
		try {
			return new FileImageInputStream(path.toFile());
		}
		catch (IOException e) {
			throw new VisionJException("Cannot open " + path + " (" + e.getMessage() + "); check its permissions.", e);
		}
	}

	@Override
	public long width() {
		return width;
	}

	@Override
	public long height() {
		return height;
	}

	@Override
	public int channels() {
		return samples * pageChannels;
	}

	@Override
	public int slices() {
		return slices;
	}

	@Override
	public int frames() {
		return frames;
	}

	@Override
	public Calibration calibration() {
		return calibration;
	}

	@Override
	public int bitsPerSample() {
		return bits;
	}

	@Override
	public synchronized AxisImage<?> read(long x0, long y0, int w, int h, int z, int t) {
		if (x0 < 0 || y0 < 0 || w < 1 || h < 1 || x0 + w > width || y0 + h > height || z < 0 || z >= slices || t < 0 ||
			t >= frames) throw new IllegalArgumentException("Region " + x0 + "," + y0 + " " + w + "×" + h + " of plane z=" + z +
				", t=" + t + " is outside the " + width + "×" + height + "×" + slices + "×" + frames + " image " + path);
		int channels = channels();
		int size = w * h * channels;
		Object pixels = switch (bits) {
			case 8 -> new byte[size];
			case 16 -> new short[size];
			default -> new float[size];
		};
		for (int pc = 0; pc < pageChannels; pc++) {
			int page = pc + pageChannels * (z + slices * t);
			try {
				pages.get(page).read(in, (int) x0, (int) y0, w, h, pixels, pc * samples);
			}
			catch (IOException | RuntimeException e) {
				throw new VisionJException("Cannot read page " + (page + 1) + " of " + path + " (" + e.getMessage() +
					"); the file may be truncated or damaged: check that it opens in Fiji.", e);
			}
		}
		long[] dims = channels > 1 ? new long[] { w, h, channels } : new long[] { w, h };
		List<Axis> axes = channels > 1 ? List.of(Axis.X, Axis.Y, Axis.C) : List.of(Axis.X, Axis.Y);
		return switch (bits) {
			case 8 -> new AxisImage<>(ArrayImgs.unsignedBytes((byte[]) pixels, dims), axes, calibration);
			case 16 -> new AxisImage<>(ArrayImgs.unsignedShorts((short[]) pixels, dims), axes, calibration);
			default -> new AxisImage<>(ArrayImgs.floats((float[]) pixels, dims), axes, calibration);
		};
	}

	/** Closes the file. */
	@Override
	public synchronized void close() {
		try {
			in.close();
		}
		catch (IOException e) {
			// a file opened for reading: nothing was left unwritten
		}
	}

	/** 8, 16 or 32, or a message naming the conversion that makes the file readable. */
	private int bits(TiffDirectory tags, boolean writtenByImageJ) {
		long[] perSample = tags.numbers(TiffDirectory.BITS_PER_SAMPLE, 1);
		long b = perSample[0];
		for (long other : perSample)
			if (other != b) throw refuse("has samples of " + b + " and of " + other + " bits; convert it in Fiji (Image › Type) and save it again");
		long format = tags.numbers(TiffDirectory.SAMPLE_FORMAT, UNSIGNED)[0];
		String type = b + "-bit " + switch ((int) format) {
			case UNSIGNED -> "unsigned";
			case 2 -> "signed";
			case FLOAT -> "float";
			default -> "format-" + format;
		};
		boolean ok = format == UNSIGNED && (b == 8 || b == 16) || format == FLOAT && b == 32;
		if (!ok) throw refuse("has " + type + " samples, but VisionJ reads 8- or 16-bit unsigned and 32-bit float ones;" +
			" open it in Fiji, convert it (Image › Type › 8-bit, 16-bit or 32-bit) and save it as TIFF");
		// ImageJ saves 8-bit images with a colour lookup table as a palette: their values are the pixels.
		if (tags.number(TiffDirectory.PHOTOMETRIC, 1) == PALETTE && !writtenByImageJ)
			throw refuse("stores colours as a palette; open it in Fiji, convert it (Image › Type › RGB Color, or 8-bit for" +
				" grey values) and save it again");
		return (int) b;
	}

	private static Calibration calibration(TiffDirectory tags, Map<String, String> imagej) {
		double xres = tags.number(TiffDirectory.X_RESOLUTION, 0), yres = tags.number(TiffDirectory.Y_RESOLUTION, 0);
		String unit = imagej == null ? null : imagej.get("unit");
		if (unit == null && xres > 0) unit = switch ((int) tags.number(TiffDirectory.RESOLUTION_UNIT, 2)) {
			case 2 -> "inch";
			case 3 -> "cm";
			default -> null;
		};
		if (unit == null || xres <= 0) return Calibration.NONE;
		// ImageJ writes µ as the escape \u00B5, older versions "um" or "micron"
		unit = unit.replace("\\u00B5", "µ");
		if (unit.equals("um") || unit.equals("micron")) unit = "µm";
		String timeUnit = imagej == null ? null : imagej.get("tunit");
		return new Calibration(1 / xres, yres > 0 ? 1 / yres : 1 / xres, value(imagej, "spacing", 1), unit,
			value(imagej, "finterval", 0), timeUnit == null ? Calibration.NONE.timeUnit() : timeUnit);
	}

	/** The key=value lines of ImageJ's ImageDescription, or null when the file is not ImageJ's. */
	private static Map<String, String> imageJDescription(TiffDirectory tags) {
		String text = tags.text(TiffDirectory.IMAGE_DESCRIPTION);
		if (text == null || !text.startsWith("ImageJ=")) return null;
		Map<String, String> values = new HashMap<>();
		for (String line : text.split("\n")) {
			int eq = line.indexOf('=');
			if (eq > 0) values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
		}
		return values;
	}

	private static double value(Map<String, String> imagej, String key, double fallback) {
		String v = imagej == null ? null : imagej.get(key);
		if (v == null) return fallback;
		try {
			double d = Double.parseDouble(v);
			return d > 0 ? d : fallback;
		}
		catch (NumberFormatException e) {
			return fallback;
		}
	}

	private VisionJException refuse(String problem) {
		return new VisionJException("The TIFF file " + path + " " + problem + ".");
	}
}
