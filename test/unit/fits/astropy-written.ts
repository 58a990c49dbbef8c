import { gunzipSync } from 'node:zlib';

/*
 * A FITS file written by astropy 7 (gzip, base64): an empty primary HDU, a BINTABLE `ALLTYPES` with one
 * column of every TFORM and an ASCII TABLE `ASCII`. Generated with:
 *
 *   cols = [Column('flag', 'L', array=[True, False, True]),
 *           Column('bits', '11X', array=[[1,0,1,1,0,0,0,0,1,1,1], [0]*11, [1]*11]),
 *           Column('byte', 'B', array=uint8([0, 7, 255])), Column('short', 'I', null=-99, array=int16([-32768, -99, 32767])),
 *           Column('scaled', 'J', array=int32([0, 2, -4])),   # then setval TSCAL5 = 0.5, TZERO5 = 10.0
 *           Column('long', 'K', array=int64([-2**62, 0, 2**62 + 5])), Column('ushort', 'I', bzero=32768, array=uint16([0, 40000, 65535])),
 *           Column('text', '10A', array=['abc', '', 'exactly10!']), Column('real', 'E', unit='m', array=float32([1.5, nan, -inf])),
 *           Column('double', 'D', array=[pi, 1e-300, nan]), Column('cplx', 'C', array=complex64([1+2j, -1.5j, 3])),
 *           Column('dcplx', 'M', array=[1e10+2j, 0, -1-1j]), Column('matrix', '6D', dim='(3,2)', array=arange(18.).reshape(3, 2, 3)),
 *           Column('words', '12A', dim='(4,3)', array=[['ab','cd','ef'], ['g','','hijk'], ['x','y','z']]),
 *           Column('varint', 'PJ()', array=[int32([1,2,3]), int32([]), int32([-7])]),
 *           Column('vardbl', 'QD()', array=[[0.5], [1.0, 2.0], []]), Column('varstr', 'PA()', array=['hello', 'a', ''])]
 *   ascii = TableHDU.from_columns([Column('NAME', 'A8', array=['alpha', 'beta', 'g']),
 *           Column('COUNT', 'I6', null='-999', array=[1, -999, 123456]), Column('FLUX', 'F10.3', unit='Jy', array=[1.5, -2.25, 1000.125]),
 *           Column('SMALL', 'E12.4', array=[1.5e-10, -3.25e5, 0.0]), Column('BIG', 'D25.17', array=[pi, -1e300, 2.0**60])], name='ASCII')
 *   HDUList([PrimaryHDU(), BinTableHDU.from_columns(cols, name='ALLTYPES'), ascii]).writeto(...)
 */
const ALLTYPES_GZ_BASE64 = [
  'H4sIAAAAAAACA+2aX2/bVBjGvU0TIO2CCy56MYkzhGigjXuOHTvJxdQ6tTu5uGlYXCnbDXIStwk4duW40HDTfREkbrjnG2zik/Qj',
  'TOJmCKTg8yes7Ry6Ja9gwHmk6HUc+5fnPeck5yTnbbt7Lc9B6D4qkI82UC+JD5N0NEZZgnZcv43GWRD3g7SPCtVw/ZbbmcOr5bwg',
  'TYMJ6gdZgLLJcYiuUdPquG00h4dzXnwy6oYpSg5n5OEojMfDJB4X8pyO7zTtufm+sRhMSkpKSkpKSkrqfyO6nGy7+837aLXhNn2r',
  '4TmrF17eQN1hHKQTlAXdKEThacYXp3N5f+v6WXvz9TPjkUIeMai/KIyPsgHl/UlC5Bp/2hx/+hyeNp/X2t4/aPrFvIp5Kd+jNDk5',
  'RsdBGozCLEyL833wF7w8r1d442v6w99xHc9uF/JI9RKPD5nDYRj151N9/1HLYf2xehgFR/TU6jLj2d/Zf7jHeZ44tRyP+mP9u9od',
  'ZmMYf5xHSAfIn879TbIQxh/nNcDar8J440GSZiD+OM8F8dc88LxK4eejXK8vmK/B8+0FUdiHyJfzdkHybW9bnlGYL1aNBXiPnYf7',
  'hTyCVbxg+5ks3yiJgb4POO9zsPFcZbwTMaCX91cFHM+0P6oF/aFrVbO2YL415i/LZ3+Y/uA8gi2g/qgzXhoGEYw/znNA+uOg6fqc',
  'NwIbfwRTXj85oRMsxHzJeDacP0J5vePoFGg+Z7xtOH8aaz9hEMAf4+3B+dPZeAmydHgK4o/xTBvCn+1SHOWV9HXtU5h8K5T3bZKy',
  'hSJAvoxHNAsoX77eKFXWdaB8Dcr7JkiHMcj8wXmt3RKUP1P463cjEH+M94VdghovVeFvnKUg/hivZZWMpf05Hb9p7TmUZ3keNdu+',
  '/Hv65U/oOP/ddj1P7s9ISUlJSf0H5f90rjxRqJ4pXE+UoNsTx5v5ya337v3m2+WVzfyyrfxc4+YPXyKFH1/U5nMeZ+e33hXxfRE/',
  '4DHoKkqvryjhIXt66wLihoj0jtv5o7SjKO9Mv8+Pbs4uuXvhbc9ydzd+jD/8+cUvj2gOT58pr2hrRcS7IiIRPxLxYxE/4fFI3DcY',
  'fvW1OLwj4szDinBa9qfn07Nprt+Fqdtn0/A06GXRhOB709zS2QtBFxc8fX45bpVE/EzEdRFVEbGIhMfT/DHJH9+9bK87VxIWREUV',
  'r1PXt3KPv26eF/fTIIyiJFCkpKSkpKSkpKReSxfqN1jxxpX/rzaQ1d523dcu3/g3128gk7zd9RtX6r3fuvoNZCxVv8H+90Rw9RtW',
  'DWK/orG975G57bfY/8+8fkP0DFg9iGtC5EvrGTivXOcFDMu337zPx6L1EXz/aMc76MCMF8EjWNVB9ms5b3cCNf704vYjxoLtx/ej',
  '2nuW5yG4ehqHaGoFJN/iehqkLZovr39puA8QzHjhPFszVFKFyLe4ngbp1eX2j9jMfXU+l/tHUlJgCqLjQXB5PUBUA2MRsFMm+bGu',
  'kgox6ppp6EatXq3rRLPXMO6Gmbh3NteWNVUzMCrrNGBnDRtlouIrMuw1HeOj2ZtqesUwab0cxiqh35GY3ZHfzFwQQ6trxMAVE5u1',
  'ilmv2WukJjtOSkpKSkpKSkrqH9EfmmD1zIBDAAA=',
].join('');

/** The bytes of the astropy-written file described above. */
export function astropyAllTypes(): Buffer {
  return gunzipSync(Buffer.from(ALLTYPES_GZ_BASE64, 'base64'));
}
