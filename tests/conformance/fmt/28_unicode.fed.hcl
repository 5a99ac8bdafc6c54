locals {
  é = 1
  ab = "ünïcödé"
  日本 = 2
  abc = 3 # コメント
  d = "x" # two
}
