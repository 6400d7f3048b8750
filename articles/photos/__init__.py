"""
The photo library's machinery (the models are in articles/models/photos.py):
  library.py     add_photo(): one clean file into the library, found again by its hash
  hashing.py     content hash, perceptual (difference) hash, near-duplicates
  metadata.py    IPTC and XMP fields read from an upload, to prefill the record
  crops.py       the box of each ratio: the editor's override or around the focal point
  renditions.py  the background task that makes the sized copies; choosing one for a page
  pictures.py    what a page writes for a photo: <picture> sources, sizes, fallbacks
  refresh.py     photo_changed(): the one place a photo change reaches cached pages
"""
