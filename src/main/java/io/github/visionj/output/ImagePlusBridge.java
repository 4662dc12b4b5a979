package io.github.visionj.output;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import ij.ImagePlus;
import ij.ImageStack;
import io.github.visionj.VisionJException;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.Calibration;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/**
 * Views an ImageJ 1.x image as an {@link AxisImage} without copying: the ImgLib2 image reads and
 * writes the very pixel arrays of the ImagePlus' stack.
 */
public final class ImagePlusBridge {

	private ImagePlusBridge() {}

	/**
	 * A view of all pixels of {@code imp}, with axes X, Y, then C (when there are several channels
	 * or the image is RGB), Z and T (each only when larger than 1). 8-bit images become
	 * UnsignedByteType, 16-bit UnsignedShortType, 32-bit FloatType, RGB three UnsignedByteType
	 * channels (red, green, blue). Raw pixel values are used; a density calibration is ignored.
	 * <p>
	 * The RGB view is for reading: ImgLib2 7.1.5's ARGB channel converter sign-extends the byte it
	 * writes, so writing a value of 128 or more into green or blue also sets the channels above it.
	 *
	 * @throws VisionJException for a virtual stack (its planes live on disk, not in arrays that can
	 *           be wrapped) or an RGB image with several channels
	 */
	public static AxisImage<?> wrap(ImagePlus imp) {
		ImageStack stack = imp.getStack();
		if (stack.isVirtual()) throw new VisionJException("The image \"" + imp.getTitle() +
			"\" is a virtual stack, which VisionJ cannot read plane by plane; load it into memory (Image > Duplicate...) and run again.");
		boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		if (rgb && imp.getNChannels() > 1) throw new VisionJException("The image \"" + imp.getTitle() +
			"\" is an RGB image with several channels; convert it (Image > Color > Make Composite) and run again.");

		List<Axis> axes = new ArrayList<>(List.of(Axis.X, Axis.Y));
		List<Long> dims = new ArrayList<>(List.of((long) imp.getWidth(), (long) imp.getHeight()));
		// ImageJ orders a stack c fastest, then z, then t: the same order as PlanarImg planes.
		addIfLarger(Axis.C, imp.getNChannels(), axes, dims);
		addIfLarger(Axis.Z, imp.getNSlices(), axes, dims);
		addIfLarger(Axis.T, imp.getNFrames(), axes, dims);
		long[] size = dims.stream().mapToLong(Long::longValue).toArray();
		Calibration calibration = calibrationOf(imp);

		switch (imp.getType()) {
			case ImagePlus.GRAY8:
			case ImagePlus.COLOR_256: {
				PlanarImg<UnsignedByteType, ByteArray> img = planar(stack, size, p -> new ByteArray((byte[]) p));
				img.setLinkedType(new UnsignedByteType(img));
				return new AxisImage<>(img, axes, calibration);
			}
			case ImagePlus.GRAY16: {
				PlanarImg<UnsignedShortType, ShortArray> img = planar(stack, size, p -> new ShortArray((short[]) p));
				img.setLinkedType(new UnsignedShortType(img));
				return new AxisImage<>(img, axes, calibration);
			}
			case ImagePlus.GRAY32: {
				PlanarImg<FloatType, FloatArray> img = planar(stack, size, p -> new FloatArray((float[]) p));
				img.setLinkedType(new FloatType(img));
				return new AxisImage<>(img, axes, calibration);
			}
			case ImagePlus.COLOR_RGB: {
				PlanarImg<ARGBType, IntArray> img = planar(stack, size, p -> new IntArray((int[]) p));
				img.setLinkedType(new ARGBType(img));
				axes.add(2, Axis.C);
				return new AxisImage<>(rgbChannels(img), axes, calibration);
			}
			default:
				throw new IllegalArgumentException("Unknown ImagePlus type " + imp.getType());
		}
	}

	/** The pixel size and units of {@code imp}. */
	public static Calibration calibrationOf(ImagePlus imp) {
		ij.measure.Calibration cal = imp.getCalibration();
		return new Calibration(cal.pixelWidth, cal.pixelHeight, cal.pixelDepth, cal.getUnit(), cal.frameInterval,
			cal.getTimeUnit());
	}

	private static void addIfLarger(Axis axis, int size, List<Axis> axes, List<Long> dims) {
		if (size <= 1) return;
		axes.add(axis);
		dims.add((long) size);
	}

	private static <T extends NativeType<T>, A extends ArrayDataAccess<A>> PlanarImg<T, A> planar(ImageStack stack, long[] size,
		Function<Object, A> access)
	{
		List<A> planes = new ArrayList<>(stack.getSize());
		for (int i = 1; i <= stack.getSize(); i++)
			planes.add(access.apply(stack.getPixels(i)));
		return new PlanarImg<>(planes, size, new Fraction());
	}

	/** Red, green and blue as a channel axis in third position, still backed by the int pixels. */
	private static RandomAccessibleInterval<UnsignedByteType> rgbChannels(RandomAccessibleInterval<ARGBType> argb) {
		RandomAccessibleInterval<UnsignedByteType> channelsLast = Converters.argbChannels(argb, 1, 2, 3);
		return Views.moveAxis(channelsLast, channelsLast.numDimensions() - 1, 2);
	}
}
