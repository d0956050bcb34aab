# Independent computation of the hand-checked EIP-1559 vectors used by `evm/tx.rs` tests.
# Pure Python 3 (stdlib only): its own keccak-256, RLP and secp256k1 (RFC 6979, low-s); it shares
# no code with alloy. It first checks itself (keccak(""), the test key's address, and the
# docs/protocol/evm.md §4.9 EIP-3009 signature), then prints the raw transactions, signing hashes
# and tx hashes pasted into the Rust tests. Run: `python3 eip1559_vectors.py`.
import hashlib, hmac

# ---- keccak-256 (Keccak-f[1600], pad 0x01) ----
RC=[0x0000000000000001,0x0000000000008082,0x800000000000808A,0x8000000080008000,0x000000000000808B,0x0000000080000001,0x8000000080008081,0x8000000000008009,0x000000000000008A,0x0000000000000088,0x0000000080008009,0x000000008000000A,0x000000008000808B,0x800000000000008B,0x8000000000008089,0x8000000000008003,0x8000000000008002,0x8000000000000080,0x000000000000800A,0x800000008000000A,0x8000000080008081,0x8000000000008080,0x0000000080000001,0x8000000080008008]
ROT=[[0,36,3,41,18],[1,44,10,45,2],[62,6,43,15,61],[28,55,25,21,56],[27,20,39,8,14]]
M=(1<<64)-1
def rol(x,n): return ((x<<n)|(x>>(64-n)))&M if n else x
def f(A):
    for rc in RC:
        C=[A[x][0]^A[x][1]^A[x][2]^A[x][3]^A[x][4] for x in range(5)]
        D=[C[(x-1)%5]^rol(C[(x+1)%5],1) for x in range(5)]
        A=[[A[x][y]^D[x] for y in range(5)] for x in range(5)]
        B=[[0]*5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                B[y][(2*x+3*y)%5]=rol(A[x][y],ROT[x][y])
        A=[[B[x][y]^((~B[(x+1)%5][y])&B[(x+2)%5][y]) for y in range(5)] for x in range(5)]
        A[0][0]^=rc
    return A
def keccak(data):
    rate=136
    p=bytearray(data); p.append(0x01)
    while len(p)%rate: p.append(0)
    p[-1]|=0x80
    A=[[0]*5 for _ in range(5)]
    for off in range(0,len(p),rate):
        blk=p[off:off+rate]
        for i in range(rate//8):
            x,y=i%5,i//5
            A[x][y]^=int.from_bytes(blk[8*i:8*i+8],'little')
        A=f(A)
    out=b''
    for i in range(4):
        x,y=i%5,i//5
        out+=A[x][y].to_bytes(8,'little')
    return out
assert keccak(b'').hex()=='c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'

# ---- RLP ----
def enc_len(n, off):
    if n<56: return bytes([off+n])
    b=n.to_bytes((n.bit_length()+7)//8,'big'); return bytes([off+55+len(b)])+b
def rlp(x):
    if isinstance(x,list):
        p=b''.join(rlp(i) for i in x); return enc_len(len(p),0xc0)+p
    if isinstance(x,int):
        x=b'' if x==0 else x.to_bytes((x.bit_length()+7)//8,'big')
    if len(x)==1 and x[0]<0x80: return x
    return enc_len(len(x),0x80)+x

# ---- secp256k1 ----
P=2**256-2**32-977; N=0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G=(0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)
def add(a,b):
    if a is None: return b
    if b is None: return a
    if a[0]==b[0] and (a[1]+b[1])%P==0: return None
    if a==b: l=3*a[0]*a[0]*pow(2*a[1],-1,P)%P
    else: l=(b[1]-a[1])*pow(b[0]-a[0],-1,P)%P
    x=(l*l-a[0]-b[0])%P; return (x,(l*(a[0]-x)-a[1])%P)
def mul(k,pt):
    r=None
    while k:
        if k&1: r=add(r,pt)
        pt=add(pt,pt); k>>=1
    return r
def addr(pub): return keccak(pub[0].to_bytes(32,'big')+pub[1].to_bytes(32,'big'))[12:]
def rfc6979(d,h):
    x=d.to_bytes(32,'big'); hb=(int.from_bytes(h,'big')%N).to_bytes(32,'big')
    V=b'\x01'*32; K=b'\x00'*32
    K=hmac.new(K,V+b'\x00'+x+hb,hashlib.sha256).digest(); V=hmac.new(K,V,hashlib.sha256).digest()
    K=hmac.new(K,V+b'\x01'+x+hb,hashlib.sha256).digest(); V=hmac.new(K,V,hashlib.sha256).digest()
    while True:
        V=hmac.new(K,V,hashlib.sha256).digest(); k=int.from_bytes(V,'big')
        if 1<=k<N: return k
        K=hmac.new(K,V+b'\x00',hashlib.sha256).digest(); V=hmac.new(K,V,hashlib.sha256).digest()
def sign(d,h):
    k=rfc6979(d,h); R=mul(k,G); r=R[0]%N; z=int.from_bytes(h,'big')
    s=pow(k,-1,N)*(z+r*d)%N; yp=R[1]&1
    if s>N//2: s=N-s; yp^=1
    return yp,r,s
def recover(h,yp,r,s):
    x=r; y2=(pow(x,3,P)+7)%P; y=pow(y2,(P+1)//4,P)
    if y&1!=yp: y=P-y
    z=int.from_bytes(h,'big'); ri=pow(r,-1,N)
    Q=add(mul(s*ri%N,(x,y)), mul((-z*ri)%N,G))
    return addr(Q)

key=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
me=addr(mul(key,G)); print('address', me.hex())
assert me.hex()=='f39fd6e51aad88f6f4ce6ab8827279cfffb92266'

def tx(fields, name):
    unsigned=b'\x02'+rlp(fields)
    h=keccak(unsigned)
    yp,r,s=sign(key,h)
    assert recover(h,yp,r,s)==me
    raw=b'\x02'+rlp(fields+[yp,r,s])
    print(name)
    print('  signing_hash', h.hex())
    print('  y_parity', yp, 'r', hex(r), 's', hex(s))
    print('  raw', raw.hex())
    print('  tx_hash', keccak(raw).hex())

usdc=bytes.fromhex('036CbD53842c5426634e7929541eC2318f3dCF7e')
permit2=bytes.fromhex('000000000022D473030F116dDEE9F6B43aC78BA3')
approve=keccak(b'approve(address,uint256)')[:4]+b'\x00'*12+permit2+b'\xff'*32
print('approve selector', approve[:4].hex())
tx([84532,7,100_000_000,1_000_000_000,70000,usdc,0,approve,[]],'approval')
tx([8453,0,1,2,21000,bytes.fromhex('209693Bc6afc0C5328bA36FaF03C514EF312287C'),10**18,b'',
    [[usdc,[b'\x00'*32, b'\x00'*31+b'\x01']],[permit2,[]]]],'with_access_list')
yp,r,s=sign(key,bytes.fromhex('50708d3bf7216e1aeabe7bf22081b9f36c7c287530f92510318f13a03d89dc86'))
assert (r.to_bytes(32,'big')+s.to_bytes(32,'big')+bytes([27+yp])).hex()=='dc53a4a579de989368a0fae2ef2172ff2f474b4297013f865d171239f17ef4c3157b4b4030f1bebc53d55ace15c2377dff501a60e1e56c291f1000d6e78f082f1b'
print('python signer reproduces the 4.9 EIP-3009 signature')
