package io.github.visionj.output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.io.FileInfo;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.github.visionj.VisionJException;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.ImageRegions;
import io.github.visionj.image.RegionSource;
import io.github.visionj.tiff.TiffRegions;
import net.imglib2.Cursor;
import net.imglib2.IterableInterval;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * An ImageJ virtual stack over a {@link RegionSource} (a large TIFF read region by region), so
 * that an image too large to hold is still an ImagePlus: the commands read it block by block
 * through {@link #source()}, and ImageJ reads a whole plane only when it asks for one. Channels
 * of the source are the stack's channels, in ImageJ's order (channel fastest, then slice, then frame).
 */
public final class RegionStack extends VirtualStack {

	private final RegionSource source;
	/** While the ImagePlus is made: ImageJ then asks for plane 1 only for its size and type. */
	private boolean opening;

	private RegionStack(RegionSource source) {
		super((int) source.width(), (int) source.height(), null, null);
		this.source = source;
	}

	/** An ImagePlus of the source's size, type, hyperstack dimensions and calibration; no pixel is read. */
	public static ImagePlus open(RegionSource source, String title) {
		if (source.width() > Integer.MAX_VALUE || source.height() > Integer.MAX_VALUE) throw new VisionJException("The " +
			source.width() + "x" + source.height() + " image " + title + " is wider or taller than ImageJ allows (2^31 - 1 px); crop it.");
		RegionStack stack = new RegionStack(source);
		stack.opening = true;
		ImagePlus image = new ImagePlus(title, stack);
		stack.opening = false;
		image.setDimensions(source.channels(), source.slices(), source.frames());
		if (source.channels() > 1 || (source.slices() > 1 && source.frames() > 1)) image.setOpenAsHyperStack(true);
		ij.measure.Calibration cal = image.getCalibration();
		io.github.visionj.image.Calibration c = source.calibration();
		cal.pixelWidth = c.pixelWidth();
		cal.pixelHeight = c.pixelHeight();
		cal.pixelDepth = c.pixelDepth();
		cal.setUnit(c.unit());
		cal.frameInterval = c.frameInterval();
		cal.setTimeUnit(c.timeUnit());
		return image;
	}

	/**
	 * What an image can be read through region by region without holding it: a RegionStack's
	 * source, or for a virtual stack opened from a TIFF file (File › Import › TIFF Virtual Stack)
	 * the file read by {@link TiffRegions} (which the caller closes); null for anything else.
	 */
	public static RegionSource sourceOf(ImagePlus image) {
		ImageStack stack = image.getStack();
		if (stack instanceof RegionStack r) return r.source;
		if (!stack.isVirtual()) return null;
		FileInfo info = image.getOriginalFileInfo();
		if (info == null || info.directory == null || info.fileName == null) return null;
		Path file = Path.of(info.directory, info.fileName);
		String lower = info.fileName.toLowerCase(Locale.ROOT);
		if (!Files.isRegularFile(file) || !(lower.endsWith(".tif") || lower.endsWith(".tiff"))) return null;
		TiffRegions tiff;
		try {
			tiff = new TiffRegions(file);
		}
		catch (VisionJException e) {
			return null; // a variant read plane by plane through ImageJ instead
		}
		if (tiff.width() == image.getWidth() && tiff.height() == image.getHeight() && tiff.channels() == image.getNChannels() &&
			tiff.slices() == image.getNSlices() && tiff.frames() == image.getNFrames()) return tiff;
		tiff.close();
		return null;
	}

	public RegionSource source() {
		return source;
	}

	@Override
	public int getSize() {
		return source.channels() * source.slices() * source.frames();
	}

	@Override
	public int size() {
		return getSize();
	}

	@Override
	public int getBitDepth() {
		return source.bitsPerSample();
	}

	@Override
	public String getSliceLabel(int n) {
		return null;
	}

	/** Plane {@code n} (from 1) read whole from the source. */
	@Override
	public ImageProcessor getProcessor(int n) {
		int w = (int) source.width(), h = (int) source.height();
		if (opening) return switch (source.bitsPerSample()) {
			case 8 -> new ByteProcessor(w, h, null, null);
			case 16 -> new ShortProcessor(w, h, null, null);
			default -> new FloatProcessor(w, h, (float[]) null, null) {
				@Override
				public void findMinAndMax() {}
			};
		};
		int c = (n - 1) % source.channels(), z = (n - 1) / source.channels() % source.slices(),
			t = (n - 1) / source.channels() / source.slices();
		return processor(source.read(0, 0, w, h, z, t), c, false);
	}

	/**
	 * One channel of a region as ImageJ pixels of the source's type; with {@code rgb}, the three
	 * 8-bit channels as one RGB processor (how ImageJ holds an RGB image).
	 */
	static ImageProcessor processor(AxisImage<?> region, int channel, boolean rgb) {
		int w = (int) region.size(Axis.X), h = (int) region.size(Axis.Y);
		if (rgb) {
			int[] pixels = new int[w * h];
			for (int c = 0; c < 3; c++) {
				int shift = 16 - 8 * c, i = 0;
				for (Cursor<? extends RealType<?>> p = channel(region, c).cursor(); p.hasNext(); i++)
					pixels[i] |= ((int) p.next().getRealDouble() & 0xff) << shift;
			}
			return new ColorProcessor(w, h, pixels);
		}
		ImageProcessor ip = switch (bits(region)) {
			case 8 -> new ByteProcessor(w, h);
			case 16 -> new ShortProcessor(w, h);
			default -> new FloatProcessor(w, h);
		};
		int i = 0;
		for (Cursor<? extends RealType<?>> p = channel(region, channel).cursor(); p.hasNext(); i++)
			ip.setf(i, (float) p.next().getRealDouble());
		ip.resetMinAndMax();
		return ip;
	}

	private static int bits(AxisImage<?> region) {
		return new ImageRegions(region).bitsPerSample();
	}

	/** The X, Y plane of one channel, in raster order (X fastest). */
	@SuppressWarnings("unchecked")
	private static IterableInterval<? extends RealType<?>> channel(AxisImage<?> region, int c) {
		RandomAccessibleInterval<? extends RealType<?>> data = (RandomAccessibleInterval<? extends RealType<?>>) region.data();
		int axis = region.axes().indexOf(Axis.C);
		RandomAccessibleInterval<? extends RealType<?>> plane = axis < 0 ? data : Views.hyperSlice(data, axis, c);
		// X before Y, so that a flat iteration is raster order
		return region.axes().indexOf(Axis.X) < region.axes().indexOf(Axis.Y) ? Views.flatIterable(plane)
			: Views.flatIterable(Views.permute(plane, 0, 1));
	}
}
