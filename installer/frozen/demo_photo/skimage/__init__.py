"""The one piece of scikit-image the frozen build needs: the demo profile's selfie photo.

WORKAROUND: resources/demo/selfies.py takes its public-domain face photo from
`skimage.data.astronaut()`. scikit-image (with SciPy behind it) would add well over 100 MB to
an installer for the sake of one 512x512 picture shown only in the demo profile, so the frozen
build ships this package in its place: the same photo file, read with OpenCV, same pixels.
"""
